"""Search snippets say when they start or stop inside a sentence (issue 16, part 8)."""

import pytest

from pages.search import search_site

from .factories import make_page

pytestmark = pytest.mark.django_db

# One long sentence of distinct words, so that any snippet of it starts inside a sentence.
FILLER = "Before the point " + " ".join(f"word{n}" for n in range(80)) + ","


def snippet(query):
    return str(search_site(query).results[0].snippet)


def test_a_snippet_from_the_middle_of_a_sentence_starts_with_an_ellipsis():
    body = FILLER + " The council's panel meets every month to agree support for a person."
    make_page("Meetings", summary="How support is agreed.", body=body)
    text = snippet("panel")
    assert text.startswith("… ") and "<mark>panel</mark>" in text
    assert not text.startswith("… The council")  # it did start mid-sentence


def test_a_snippet_that_starts_with_the_text_has_no_leading_ellipsis():
    make_page("Meetings", summary="Panel meetings happen monthly.", body="They agree support.")
    text = snippet("panel")
    assert text.startswith("<mark>Panel</mark> meetings happen monthly")
    assert not text.endswith("…")  # the whole text: nothing cut at either end


def test_a_snippet_cut_before_the_text_ends_ends_with_an_ellipsis():
    body = "The panel meets monthly and " + " and ".join(["agrees support"] * 60) + "."
    make_page("Long", summary="Short.", body=body)
    assert snippet("panel").endswith(" …")


@pytest.mark.parametrize("postgres", [True, False])
def test_both_search_paths_mark_a_cut(settings, postgres):
    settings.USING_POSTGRES = postgres
    body = FILLER + " Extremist recruiters use online games to find young people quickly."
    make_page("Online", summary="About online harm.", body=body)
    text = snippet("recruiters")
    assert text.startswith("… ") and "<mark>recruiters</mark>" in text.lower()
