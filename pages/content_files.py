"""Reading and checking the page files under content/pages/ (one Markdown file a page).

A page's address is its file's place in the folder: content/pages/about-prevent.md is
/about-prevent/, content/pages/about-prevent/channel.md is /about-prevent/channel/, and
content/pages/home.md is the home page. The YAML front matter says everything else; see
content/README.md for each key. check_content() is what `make test` runs over the files.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import frontmatter
from django.urls import Resolver404, resolve

from core.content import content_path
from core.roles import ROLE_PERMISSIONS

from .models import Page

REQUIRED = (
    "title",
    "summary",
    "parent",
    "order",
    "kind",
    "owner",
    "last_reviewed",
    "next_review",
    "sources",
)
OPTIONAL = {
    "is_guide": False,
    "show_on_home_page": True,
    "exit_this_page": False,
    "review_every_days": 365,
    "documents": [],
    "to_confirm": [],
}
# The retired Home Office e-learning site: no page may send readers there.
RETIRED_HOSTS = ("elearning.prevent.homeoffice.gov.uk",)
LINK = re.compile(r"\]\(([^)\s]+)\)")


class ContentError(ValueError):
    """A content file is missing something the loader needs (the message says what)."""


@dataclass(frozen=True)
class PageFile:
    path: str  # "" for the home page
    relative: str  # content/pages/... as written in the report
    meta: dict
    body: str

    @property
    def slug(self):
        return self.path.rsplit("/", 1)[-1]

    @property
    def parent_path(self):
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def option(self, name):
        return self.meta.get(name, OPTIONAL[name])


def pages_folder():
    return content_path("pages")


def _path_of(file, folder):
    relative = file.relative_to(folder).with_suffix("").as_posix()
    return "" if relative == "home" else relative


def read_page_files():
    """Every page file, parents before their sub-pages."""
    folder = pages_folder()
    found = []
    for file in sorted(folder.rglob("*.md")):
        post = frontmatter.load(file)
        relative = f"content/pages/{file.relative_to(folder).as_posix()}"
        found.append(PageFile(_path_of(file, folder), relative, dict(post.metadata), post.content))
    return sorted(found, key=lambda page: (page.path.count("/") + bool(page.path), page.path))


def problems_in(page, known_paths):
    """What is wrong with one page file, as sentences (an empty list when it is complete)."""
    meta, problems = page.meta, []
    missing = [key for key in REQUIRED if key not in meta or meta[key] in (None, "")]
    # The parent of a top-level page is written as an empty string.
    missing = [key for key in missing if not (key == "parent" and meta.get("parent") == "")]
    if missing:
        problems.append(f"front matter is missing {', '.join(missing)}")
    unknown = set(meta) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        problems.append(f"unknown front matter keys {', '.join(sorted(unknown))}")
    if meta.get("kind") and meta["kind"] not in Page.Kind.values:
        problems.append(f"kind {meta['kind']!r} is not one of {', '.join(Page.Kind.values)}")
    if (meta.get("kind") == Page.Kind.HOME) != (page.path == ""):
        problems.append("only content/pages/home.md is the home page (kind: home)")
    if meta.get("owner") and meta["owner"] not in ROLE_PERMISSIONS:
        problems.append(f"owner {meta['owner']!r} is not a role ({', '.join(ROLE_PERMISSIONS)})")
    if "parent" in meta and (meta["parent"] or "") != page.parent_path:
        problems.append(f"parent says {meta['parent']!r} but the file is in {page.parent_path!r}")
    for key in ("last_reviewed", "next_review"):
        if key in meta and not isinstance(meta[key], date):
            problems.append(f"{key} must be a date like 2026-12-02")
    reviewed, due = meta.get("last_reviewed"), meta.get("next_review")
    if isinstance(reviewed, date) and isinstance(due, date) and due <= reviewed:
        problems.append("next_review must come after last_reviewed")
    sources = meta.get("sources") or []
    if not isinstance(sources, list):
        problems.append("sources must be a list of title and url")
        sources = []
    for number, source in enumerate(sources, start=1):
        if not isinstance(source, dict) or not source.get("title") or not source.get("url"):
            problems.append(f"source {number} needs a title and a url")
        elif not str(source["url"]).startswith("https://"):
            problems.append(f"source {number}'s url must start with https://")
    problems += link_problems(page.body, known_paths)
    return problems


def link_problems(text, known_paths):
    problems = []
    if any(host in text for host in RETIRED_HOSTS):
        problems.append("links the retired Home Office e-learning site")
    for target in LINK.findall(text):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if not resolves(parts.path, known_paths):
            problems.append(f"the link {target} goes to no page")
    return problems


def resolves(url_path, known_paths):
    """True if an internal address is a page in the files or another part of the site."""
    try:
        match = resolve(url_path)
    except Resolver404:
        return False
    if match.url_name in {"page", "home"} or match.func.__name__ in {"page_detail", "home"}:
        return url_path.strip("/") in known_paths
    return True


def check_content():
    """Every problem in content/pages/, as 'file: problem' lines. Empty means all is well."""
    pages = read_page_files()
    known = {page.path for page in pages}
    lines = []
    for page in pages:
        lines += [f"{page.relative}: {problem}" for problem in problems_in(page, known)]
    if "" not in known:
        lines.append("content/pages/home.md: the home page is missing")
    return lines
