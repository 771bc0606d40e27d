"""The Markdown renderer and sanitiser: nothing an editor types can run in a visitor's browser."""

import pytest

from pages.rendering import html_to_text, render_markdown, sanitise_html

ATTACKS = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<p onclick="alert(1)">text</p>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="q"></form>',
    '<a href="#" onmouseover="alert(1)">hover</a>',
    "<object data='x.swf'></object>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_scripts_handlers_and_javascript_links_never_survive(attack):
    html = render_markdown(f"Intro\n\n{attack}\n\nOutro").html
    lowered = html.lower()
    for forbidden in (
        "<script",
        "javascript:",
        "data:text",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "<iframe",
        "<style",
        "style=",
        "<form",
        "<input",
        "<svg",
        "<object",
    ):
        assert forbidden not in lowered, (attack, html)
    assert "Intro" in html and "Outro" in html


def test_script_content_is_removed_not_shown_as_text():
    html = render_markdown("Hello <script>alert('stolen')</script> world").html
    assert "alert" not in html


def test_sanitising_again_on_render_cleans_html_stored_some_other_way():
    stored = '<p class="govuk-body evil">Hi<script>x()</script><img src=x onerror=y></p>'
    assert sanitise_html(stored) == '<p class="govuk-body">Hi</p>'


def test_unsafe_link_becomes_plain_text():
    html = render_markdown("[click me](javascript:alert(1))").html
    assert html == '<p class="govuk-body">click me</p>'


def test_safe_links_keep_their_address():
    html = render_markdown(
        "[a](https://www.gov.uk/) [b](/get-help/) [c](mailto:team@example.org) [d](tel:999)"
    ).html
    for href in ('"https://www.gov.uk/"', '"/get-help/"', '"mailto:team@example.org"', '"tel:999"'):
        assert f'class="govuk-link" href={href}' in html


def test_markdown_gets_govuk_typography_classes():
    html = render_markdown(
        "## Section\n\nText\n\n### Sub\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> inset\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n"
    ).html
    assert '<h2 class="govuk-heading-l" id="section">Section</h2>' in html
    assert '<h3 class="govuk-heading-m" id="sub">Sub</h3>' in html
    assert '<p class="govuk-body">Text</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<blockquote class="govuk-inset-text">' in html
    assert '<table class="govuk-table">' in html
    assert '<th class="govuk-table__header" scope="col">b</th>' in html
    assert "text-align" not in html  # Markdown's inline alignment is dropped (strict CSP)


def test_h1_in_the_body_becomes_h2_because_the_title_is_the_only_h1():
    html = render_markdown("# Big heading").html
    assert "<h1" not in html
    assert html.startswith('<h2 class="govuk-heading-l"')


def test_contents_lists_h2_headings_with_unique_ids():
    rendered = render_markdown("## One\n\ntext\n\n### Not listed\n\n## Two\n\n## Two")
    assert rendered.contents == [
        {"id": "one", "name": "One"},
        {"id": "two", "name": "Two"},
        {"id": "two_1", "name": "Two"},
    ]


def test_heading_ids_never_clash_with_the_layouts_ids():
    rendered = render_markdown("## Main content\n\n## Navigation")
    ids = [item["id"] for item in rendered.contents]
    assert ids == ["main-content-section", "navigation-section"]


def test_plain_text_for_search_has_no_markup_and_ends_headings():
    rendered = render_markdown("## What Channel is\n\nChannel is **support** &amp; help.")
    assert rendered.text == "What Channel is. Channel is support & help."


def test_plain_text_drops_control_characters():
    assert html_to_text("<p>a\x02b\x03c</p>") == "a b c"
