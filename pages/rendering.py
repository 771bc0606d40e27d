"""Markdown to safe HTML with GOV.UK typography classes.

Editors write page bodies in Markdown. Markdown lets raw HTML through, so the
output is always put through nh3 (the Rust ammonia sanitiser) with a short
allow-list: no script or style (removed with their content), no event handler
or style attributes, no iframes or images, and links only to http(s), mailto,
tel or relative addresses (so no `javascript:` or `data:` links). Classes are
allowed only where they are the GOV.UK ones this module adds itself.

`render_markdown` runs when a page is saved; `sanitise_html` runs again when the
stored HTML is put on a page, so HTML written to the database some other way is
still cleaned before anyone sees it.
"""

import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

# Each Markdown element and the GOV.UK Frontend classes it gets.
GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--l govuk-section-break--visible",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "code": "app-code",
}

ALLOWED_TAGS = {
    *GOVUK_CLASSES,
    "li",
    "strong",
    "em",
    "b",
    "i",
    "br",
    "abbr",
    "caption",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {tag: set(classes.split()) for tag, classes in GOVUK_CLASSES.items()}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with everything inside them, not just unwrapped.
REMOVE_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}

# Heading ids must not clash with ids the layout already uses.
_LINK_WITHOUT_HREF = re.compile(r'<a(?: class="govuk-link")?(?: title="[^"]*")?>(.*?)</a>', re.S)

_HEADING_END = re.compile(r"([A-Za-z0-9)])\s*(</h[1-6]>)")
# Search snippets use control characters as highlight markers: none may come from content.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

RESERVED_IDS = {
    "main-content",
    "navigation",
    "contacts",
    "out-of-hours",
    "documents",
    "in-this-section",
    "testimonials",
    "newsletters",
    "latest-news",
    "guidance",
    "related-title",
    "related-search",
    "home-search",
    "site-alert-title",
    "preview-title",
    "search-count",
    "q",
}


def _heading_id(value, separator):
    slug = slugify(value) or "section"
    return f"{slug}-section" if slug in RESERVED_IDS else slug


class _GovUKTreeprocessor(Treeprocessor):
    """Demote h1 (the page title is the only h1) and add GOV.UK classes."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag in {"h5", "h6"}:
                element.tag = "h4"
            classes = GOVUK_CLASSES.get(element.tag)
            if classes:
                element.set("class", classes)
            if element.tag == "th":
                element.set("scope", "col")
            # Markdown tables align with inline styles, which the CSP and allow-list forbid.
            element.attrib.pop("style", None)
            element.attrib.pop("align", None)


class GovUKExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        # Before the table of contents (priority 5) so it sees the demoted headings.
        md.treeprocessors.register(_GovUKTreeprocessor(md), "govuk", 6)


@dataclass
class RenderedBody:
    html: str
    text: str
    contents: list[dict] = field(default_factory=list)


def sanitise_html(value):
    """Clean HTML to the allow-list above. Safe to run on already-clean HTML."""
    clean = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVE_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # A link whose address was removed as unsafe becomes plain text, not a dead link.
    return _LINK_WITHOUT_HREF.sub(r"\1", clean)


def html_to_text(value):
    """The readable text of some HTML, on one line (for search and snippets).

    A heading gets a full stop so a snippet does not run it into the next sentence.
    """
    value = _HEADING_END.sub(r"\1.\2", value or "")
    text = nh3.clean(value, tags=set(), clean_content_tags=REMOVE_WITH_CONTENT)
    text = _CONTROL_CHARACTERS.sub(" ", html.unescape(text))
    return re.sub(r"\s+", " ", text).strip()


def render_markdown(source):
    """Markdown source -> sanitised HTML, its plain text and its h2 contents list."""
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "abbr",
            GovUKExtension(),
            TocExtension(slugify=_heading_id, toc_depth="2"),
        ],
        output_format="html",
    )
    raw = converter.convert(source or "")
    clean = sanitise_html(raw)
    contents = [
        {"id": token["id"], "name": html.unescape(token["name"])}
        for token in _flatten(converter.toc_tokens)
        if token["level"] == 2 and token["id"] in _ids_in(clean)
    ]
    return RenderedBody(html=clean, text=html_to_text(clean), contents=contents)


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def _ids_in(value):
    return set(re.findall(r'\sid="([^"]+)"', value))
