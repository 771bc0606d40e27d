"""Site search: weighted full-text search on PostgreSQL over pages, documents and courses."""

import pytest

from pages.models import Page
from pages.search import PER_PAGE, clean_query, search_site
from training.models import Course

from .factories import make_document, make_page

pytestmark = pytest.mark.django_db


def titles(results):
    return [result.title for result in results.results]


def test_title_outranks_summary_outranks_body():
    make_page("Body match", body="This page mentions radicalisation once.", summary="Other words.")
    make_page("Summary match", summary="About radicalisation.", body="Nothing here.")
    make_page("Radicalisation explained", summary="Other words.", body="Nothing here.")
    results = search_site("radicalisation")
    assert titles(results) == ["Radicalisation explained", "Summary match", "Body match"]
    assert results.results[0].rank > results.results[1].rank > results.results[2].rank


def test_english_stemming_matches_other_forms_of_a_word():
    make_page("Training", body="We train people who are radicalised.")
    assert titles(search_site("radicalisation training")) == ["Training"]


def test_snippets_highlight_the_matching_words():
    make_page("Channel", body="The Channel panel meets every month to agree support.")
    snippet = search_site("panel").results[0].snippet
    assert "<mark>panel</mark>" in snippet
    assert "meets every month" in snippet


def test_snippets_cannot_inject_markup():
    page = make_page("Escaping", body="Channel")
    # Text as a careless import might have stored it, bypassing the renderer.
    Page.objects.filter(pk=page.pk).update(
        body_text='Channel "<img src=x onerror=alert(1)>" & <script>bad()</script>'
    )
    snippet = str(search_site("channel").results[0].snippet)
    assert "<img" not in snippet and "<script" not in snippet
    assert "&lt;img" in snippet and "<mark>Channel</mark>" in snippet


def test_drafts_never_appear():
    make_page("Published channel page")
    make_page("Draft channel page", status=Page.Status.DRAFT)
    assert titles(search_site("channel")) == ["Published channel page"]


def test_documents_are_searched_by_title_and_description():
    make_document("Channel panel pathway", description="Each step of a referral.")
    make_document("Hidden channel document", is_published=False)
    results = search_site("pathway")
    assert titles(results) == ["Channel panel pathway"]
    result = results.results[0]
    assert result.kind == "document" and result.url.endswith(".pdf")
    assert result.meta.startswith("PDF, ")


def test_published_training_courses_are_searched():
    Course.objects.create(
        title="Workshop to Raise Awareness of Prevent",
        slug="wrap",
        summary="An introduction to Prevent.",
        description="Covers vulnerability and support.",
    )
    Course.objects.create(
        title="Secret workshop",
        slug="secret",
        summary="Not published.",
        description="Workshop.",
        is_published=False,
    )
    results = search_site("workshop")
    assert titles(results) == ["Workshop to Raise Awareness of Prevent"]
    assert results.results[0].url == "/training/wrap/"
    assert results.results[0].label == "Training course"


def test_results_are_counted_and_paginated():
    for number in range(PER_PAGE + 5):
        make_page(f"Safeguarding note {number}")
    first = search_site("safeguarding")
    assert first.total == PER_PAGE + 5
    assert len(first.results) == PER_PAGE and first.page_count == 2
    second = search_site("safeguarding", page="2")
    assert len(second.results) == 5
    assert not set(titles(first)) & set(titles(second))


def test_bad_page_numbers_fall_back_to_a_real_page():
    make_page("Channel")
    for page in ("abc", "-3", "0", "999", None):
        assert search_site("channel", page=page).page == 1


def test_queries_are_cleaned():
    assert clean_query("  channel\x00 \n panel\t") == "channel panel"
    assert len(clean_query("x" * 1000)) == 200


# --- The page -------------------------------------------------------------------------------


def test_search_page_shows_count_results_and_snippets(client):
    make_page("The Channel process", slug="channel", summary="How Channel supports people.")
    response = client.get("/search/", {"q": "channel"})
    html = response.text
    assert response.status_code == 200
    assert "<strong>1</strong> result for ‘channel’" in html
    assert 'href="/channel/">The Channel process</a>' in html
    assert "<mark>Channel</mark>" in html
    assert 'value="channel"' in html


def test_search_page_with_no_results_says_so_and_suggests_what_to_do(client):
    response = client.get("/search/", {"q": "zebra"})
    assert "<strong>0</strong> results for ‘zebra’" in response.text
    assert "There are no matching results" in response.text
    assert "checking your spelling" in response.text


def test_empty_search_asks_for_a_word(client):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert "Enter a word or phrase to search for" in response.text
    assert "results for" not in response.text


def test_search_page_without_a_query_shows_only_the_form(client):
    response = client.get("/search/")
    assert "Search the guidance, documents and training courses" in response.text


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "a & b | !c",
        "<script>alert(1)</script>",
        "'; DROP TABLE pages_page; --",
        "x" * 5000,
        "\x00\x01",
        "OR OR OR",
        "-",
        "☃ emoji 🚀",
    ],
)
def test_odd_queries_never_cause_an_error(client, query):
    make_page("Channel")
    response = client.get("/search/", {"q": query, "page": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_search_results_link_to_the_next_page(client):
    for number in range(PER_PAGE + 1):
        make_page(f"Prevent note {number}")
    html = client.get("/search/", {"q": "prevent note"}).text
    assert 'href="?q=prevent%20note&amp;page=2" rel="next"' in html
    assert "Page 1 of 2" in html


def test_simple_fallback_used_by_the_sqlite_demo_ranks_and_highlights(settings):
    settings.USING_POSTGRES = False
    make_page("Body only", body="The panel meets monthly.", summary="Other.")
    make_page("Panel meetings", body="Nothing.", summary="Other.")
    make_page("Draft panel", status=Page.Status.DRAFT)
    results = search_site("panel")
    assert titles(results) == ["Panel meetings", "Body only"]
    body_hit = results.results[1]
    assert "<mark>panel</mark> meets monthly" in body_hit.snippet
