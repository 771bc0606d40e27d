"""The page cache's copies in each process's memory (core.page_cache._LocalCopies).

A hit on a page this process already holds reads only the generations from the shared
cache; the copy must never be served once another process (another worker, another
machine) has changed what the page shows.
"""

import pytest
from django.core.cache import caches
from django.test import Client

from core import page_cache, security_middleware
from tests.pages.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def about():
    make_page("Home", kind="home", slug="")
    return make_page("About Prevent", slug="about-prevent", body="How radicalisation works.")


def served_from_cache(response):
    # The session middleware runs only when the page cache did not answer.
    return not hasattr(response.wsgi_request, "session")


def stored_page_keys():
    return [key.split(":", 2)[-1] for key in caches["pages"]._cache if ":page:" in key]


def test_a_hit_on_a_page_this_process_holds_is_served_from_its_own_copy(client, about):
    client.get("/about-prevent/")
    (key,) = stored_page_keys()
    # Gone from the shared cache (evicted, say): the copy held here still answers,
    # because it was made under the generations the shared cache holds now.
    caches["pages"].delete(key)
    again = client.get("/about-prevent/")
    assert served_from_cache(again)
    assert b"How radicalisation works." in again.content


def test_a_copy_is_never_served_after_another_process_changes_its_scope(client, about):
    from pages.models import Page

    assert b"How radicalisation works." in client.get("/about-prevent/").content
    assert served_from_cache(client.get("/about-prevent/"))
    # Another worker changes the page and bumps the scope: this process saw no signal,
    # only the shared generation moves.
    Page.objects.filter(pk=about.pk).update(body_html="<p>Rewritten elsewhere.</p>")
    caches["pages"].incr("generation:content")
    fresh = client.get("/about-prevent/")
    assert not served_from_cache(fresh)
    assert b"Rewritten elsewhere." in fresh.content


def test_a_copy_is_not_served_when_the_shared_cache_does_not_answer(client, about, monkeypatch):
    client.get("/about-prevent/")
    assert served_from_cache(client.get("/about-prevent/"))

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    # Without the generations nothing proves the copy current: the page is rendered.
    monkeypatch.setattr(caches["pages"], "get_many", refuse)
    monkeypatch.setattr(page_cache._guard, "down_until", 0.0)
    assert not served_from_cache(client.get("/about-prevent/"))


def test_a_hit_runs_no_other_middleware(about, monkeypatch):
    calls = []
    real = security_middleware.SecurityHeadersMiddleware.__call__

    def counted(self, request):
        calls.append(request.path)
        return real(self, request)

    monkeypatch.setattr(security_middleware.SecurityHeadersMiddleware, "__call__", counted)
    client = Client()  # a new handler, built with the counting middleware
    fresh = client.get("/about-prevent/")
    assert calls == ["/about-prevent/"]
    hit = client.get("/about-prevent/")
    assert calls == ["/about-prevent/"], "the hit went through the middleware stack"
    assert hit["Permissions-Policy"] == fresh["Permissions-Policy"]


def test_copies_stay_within_their_byte_limit_least_recently_used_first_out():
    copies = page_cache._LocalCopies(max_bytes=100)
    for key in ("a", "b"):
        copies.keep(key, ((1,), 0.0, b"x" * 40))
    assert copies.get("a") is not None  # "a" is now the most recently used
    copies.keep("c", ((1,), 0.0, b"x" * 40))
    assert copies.get("b") is None
    assert copies.get("a") is not None and copies.get("c") is not None
    assert copies.size == 80
    copies.keep("too big", ((1,), 0.0, b"x" * 101))
    assert copies.get("too big") is None
    copies.keep("a", ((2,), 0.0, b"y" * 10))  # a newer copy replaces the old one
    assert copies.get("a")[2] == b"y" * 10
    assert copies.size == 50
