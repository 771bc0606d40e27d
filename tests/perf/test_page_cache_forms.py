"""The booking journey's first page from the page cache: stored without the visitor's CSRF
token, filled in for each visitor, keyed on the places counted at every request."""

import pickle
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from core import page_cache
from tests.training.journeys import book_url

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def visitor():
    return Client(enforce_csrf_checks=True)


def served_from_cache(response):
    return not hasattr(response.wsgi_request, "session")


def token_in(response):
    (token,) = TOKEN.findall(response.text)
    return token


def stored_copies():
    store = caches["pages"]
    return [
        pickle.loads(store.get(key.split(":", 2)[-1])[2])  # noqa: S301 (the test's own cache)
        for key in list(store._cache)
        if ":page:" in key
    ]


def test_a_hit_gives_each_visitor_a_working_token_of_their_own(course_session):
    first = visitor()
    first.get(book_url(course_session))  # rendered and stored
    second, third = visitor(), visitor()
    pages = [second.get(book_url(course_session)), third.get(book_url(course_session))]
    assert all(served_from_cache(page) for page in pages)
    assert token_in(pages[0]) != token_in(pages[1])
    for page in pages:
        assert settings.CSRF_COOKIE_NAME in page.cookies
        assert page["Cache-Control"].startswith("max-age=0, no-cache, no-store")
        assert "ETag" not in page
        assert int(page["Content-Length"]) == len(page.content)
    # Each visitor's token goes with their own cookie, as from a fresh render.
    answer = second.post(
        book_url(course_session),
        {"council_employee": "no", "csrfmiddlewaretoken": token_in(pages[0])},
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith("/book/details/")
    crossed = third.post(
        book_url(course_session), {"council_employee": "no", "csrfmiddlewaretoken": "x" * 64}
    )
    assert crossed.status_code == 403


def test_a_visitor_who_already_has_a_csrf_cookie_keeps_it(course_session):
    visitor().get(book_url(course_session))  # stored
    returning = visitor()
    returning.get("/training/")  # any page: no token yet
    returning.get(book_url(course_session))
    secret = returning.cookies[settings.CSRF_COOKIE_NAME].value
    page = returning.get(book_url(course_session))
    assert served_from_cache(page)
    assert page.cookies[settings.CSRF_COOKIE_NAME].value == secret
    posted = returning.post(
        book_url(course_session), {"council_employee": "no", "csrfmiddlewaretoken": token_in(page)}
    )
    assert posted.status_code == 302


def test_the_stored_copy_holds_no_token_and_no_cookie(course_session):
    page = visitor().get(book_url(course_session))
    (stored,) = stored_copies()
    assert token_in(page) not in stored.content.decode()
    assert not stored.cookies
    assert page_cache._CSRF_PLACEHOLDER in stored.content
    assert page_cache._CSRF_PLACEHOLDER.decode() not in visitor().get(book_url(course_session)).text


def test_a_visitor_part_way_through_gets_their_own_answers_not_the_copy(course_session):
    from tests.training.journeys import start_booking

    visitor().get(book_url(course_session))  # stored, nothing chosen
    client = Client()
    start_booking(client, course_session)
    again = client.get(book_url(course_session))
    assert not served_from_cache(again)
    assert re.search(r'value="no"[^>]*checked', again.text)


def test_a_page_with_two_tokens_or_none_is_not_stored():
    from django.http import HttpResponse

    one = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    twice = HttpResponse(one.format("a" * 64) + one.format("b" * 64))
    none = HttpResponse("<p>No form</p>")
    assert page_cache._without_csrf_token(twice) is None
    assert page_cache._without_csrf_token(none) is None
    single = HttpResponse(one.format("c" * 64))
    stored = pickle.loads(page_cache._without_csrf_token(single))  # noqa: S301
    assert b"c" * 64 not in stored.content
