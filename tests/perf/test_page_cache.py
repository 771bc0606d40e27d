"""The one page cache (core.page_cache): served first, never stale, never personal."""

import secrets
from wsgiref.headers import Headers

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core import page_cache, ratelimit
from core.roles import CONTENT_EDITOR
from tests.training.factories import book, make_course, make_session

from . import page_cache_urls

pytestmark = pytest.mark.django_db


def pages_cache_keys():
    # Local memory in the test settings; its keys carry a ":1:" prefix.
    return [key.split(":", 2)[-1] for key in caches["pages"]._cache]


def stored_pages():
    return [key for key in pages_cache_keys() if key.startswith("page:")]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# --- Served first: no database, no session ---------------------------------------------------

CACHED_PATHS = [
    "/",
    "/about-prevent/",
    "/search/?q=radicalisation",
    "/sitemap.xml",
    "/training/",
    "/training/wrap/",
    "/training/calendar.ics",
]


@pytest.mark.parametrize("path", CACHED_PATHS)
def test_a_hit_needs_no_query_and_runs_before_the_session_middleware(
    client, content, course_session, django_assert_num_queries, path
):
    from django.contrib.sessions.models import Session

    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    assert not again.cookies, "a cached page set a cookie"
    assert "Set-Cookie" not in again
    # The session, authentication and messages middleware never saw the request.
    assert not hasattr(again.wsgi_request, "session")
    assert not hasattr(again.wsgi_request, "user")
    assert not Session.objects.exists()


@pytest.mark.parametrize("path", CACHED_PATHS)
def test_a_hit_carries_exactly_the_headers_of_a_fresh_render(client, content, course_session, path):
    fresh = client.get(path)
    hit = client.get(path)
    assert not hasattr(hit.wsgi_request, "session"), "not served from the cache"
    assert dict(hit.headers) == dict(fresh.headers)
    csp = hit["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "nonce-" not in csp
    for header in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
    ):
        assert header in hit, header
    # Every header name and value is a plain str, as WSGI requires (wsgiref's server
    # refuses a str subclass such as Django's CSP enum with an error page).
    for response in (fresh, hit):
        Headers(list(response.items()))
        assert all(type(name) is str for name, _value in response.items())


def test_over_https_a_hit_carries_hsts_and_the_live_headers_too(content, settings):
    for name, value in settings.HTTPS_SETTINGS.items():
        setattr(settings, name, value)
    client = Client()
    fresh = client.get("/about-prevent/", secure=True)
    hit = client.get("/about-prevent/", secure=True)
    assert not hasattr(hit.wsgi_request, "session"), "not served from the cache"
    assert hit["Strict-Transport-Security"].startswith("max-age=31536000")
    assert dict(hit.headers) == dict(fresh.headers)
    # The plain-HTTP copy is another key: it never carries or lacks HSTS by mistake.
    assert client.get("/about-prevent/").status_code == 301


def test_head_is_answered_from_the_cache_too(client, content, django_assert_num_queries):
    client.get("/about-prevent/")
    with django_assert_num_queries(0):
        assert client.head("/about-prevent/").status_code == 200


def test_with_the_database_refusing_every_query_cached_pages_are_still_served(
    client, content, course_session
):
    for path in ("/about-prevent/", "/training/"):
        client.get(path)

    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database is down")

    client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        assert client.get("/about-prevent/").status_code == 200
        assert client.get("/training/").status_code == 200
        assert client.get("/training/wrap/").status_code == 500  # never cached: rendered


# --- The key: the host and the page's own query parameters -----------------------------------


def test_a_flood_of_random_parameters_stores_one_page_and_spares_the_rate_limits(
    client, course_session
):
    request = RequestFactory().post("/training/", REMOTE_ADDR="192.0.2.7")
    for _ in range(3):
        ratelimit.hit(
            "training-booking",
            request,
            ratelimit.parse_rates(settings.RATE_LIMITS["training-booking"]),
        )
    counters = dict(caches["default"]._cache.items())
    assert counters and all("ratelimit:" in key for key in counters)

    for _ in range(300):
        assert client.get(f"/training/?x={secrets.token_hex(8)}").status_code == 200
    # One page and the generations of its two scopes: nothing the flood could add.
    assert len(stored_pages()) == 1
    assert len(pages_cache_keys()) == 3
    # Whitelisted parameters are keys of their own; still nothing lands in the default alias.
    for _ in range(400):
        client.get(f"/search/?q={secrets.token_hex(6)}&utm={secrets.token_hex(6)}")
    assert len(stored_pages()) == 401
    # More pages than the default alias holds (300), and every counter is still there.
    assert dict(caches["default"]._cache.items()) == counters


def test_the_catalogue_is_keyed_on_its_filters_only(client, course_session):
    other = make_session(course=make_course(title="Channel awareness", slug="channel"))
    unfiltered = client.get("/training/").text
    filtered = client.get("/training/?course=channel").text
    assert filtered != unfiltered
    again = client.get("/training/?course=channel&utm_source=mail")
    assert not hasattr(again.wsgi_request, "session"), "not served from the cache"
    assert again.text == filtered
    assert other.course.title in again.text
    assert len(stored_pages()) == 2


@pytest.mark.urls("tests.perf.page_cache_urls")
def test_the_view_sees_only_the_whitelisted_parameters(client, cache_test_pages):
    cache_test_pages("echo", params=("q",))
    first = client.get("/t/echo/?q=one&evil=1")
    assert first.text == "[('q', ['one'])]"
    assert client.get("/t/echo/?q=one&other=2").text == first.text
    assert client.get("/t/echo/?q=two").text == "[('q', ['two'])]"
    assert page_cache_urls.CALLS.count("/t/echo/") == 2


def test_another_host_is_another_key(client, content, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    client.get("/about-prevent/")
    client.get("/about-prevent/", headers={"host": "other.example"})
    assert len(stored_pages()) == 2


# --- What is never stored --------------------------------------------------------------------


@pytest.fixture
def cache_test_pages():
    """Register views of tests/perf/page_cache_urls.py with the page cache for one test."""
    added = []
    page_cache_urls.CALLS.clear()

    def register(*names, params=()):
        for name in names:
            url_name = f"cache-test-{name}"
            page_cache.register_page(url_name, scopes=["content"], params=params)
            added.append(url_name)

    yield register
    for url_name in added:
        page_cache.PAGES.pop(url_name, None)
    page_cache._rule_for_path.cache_clear()


def rendered_twice(client, name):
    client.get(f"/t/{name}/")
    client.cookies.clear()
    client.get(f"/t/{name}/")
    return page_cache_urls.CALLS.count(f"/t/{name}/") == 2


@pytest.mark.urls("tests.perf.page_cache_urls")
def test_a_plain_page_is_rendered_once(client, cache_test_pages):
    cache_test_pages("plain")
    assert not rendered_twice(client, "plain")


@pytest.mark.urls("tests.perf.page_cache_urls")
@pytest.mark.parametrize(
    "name",
    [
        "sets-cookie",
        "not-found",
        "redirect",
        "private",
        "writes-session",
        "leaves-message",
        "nonce",
        "csrf",
    ],
)
def test_a_page_that_is_personal_or_not_a_plain_200_is_never_stored(client, cache_test_pages, name):
    cache_test_pages(name)
    assert rendered_twice(client, name)
    assert not stored_pages()


@pytest.mark.urls("tests.perf.page_cache_urls")
def test_unregistered_urls_and_posts_are_never_served_from_the_cache(client, cache_test_pages):
    client.get("/t/plain/")
    client.get("/t/plain/")
    assert page_cache_urls.CALLS.count("/t/plain/") == 2
    cache_test_pages("plain")
    client.get("/t/plain/")
    client.post("/t/plain/")
    assert page_cache_urls.CALLS.count("/t/plain/") == 4


def test_signed_in_staff_neither_get_nor_fill_cached_pages(staff_client, course_session):
    editor = staff_client(CONTENT_EDITOR)
    editor.get("/training/wrap/")
    assert queries_for(Client(), "/training/wrap/") > 0, "the staff page was stored for visitors"
    assert queries_for(editor, "/training/wrap/") > 0, "staff were given the visitors' copy"


def test_editors_see_their_edit_link_and_visitors_never_get_it_from_the_cache(
    staff_client, content
):
    visitor = Client()
    visitor.get("/about-prevent/")  # stored for visitors
    editor = staff_client(CONTENT_EDITOR)
    staff_page = editor.get("/about-prevent/")
    assert "private" in staff_page["Cache-Control"]
    assert "Edit this page" in staff_page.text
    assert "Edit this page" not in visitor.get("/about-prevent/").text


def test_a_visitor_with_a_session_or_messages_cookie_gets_a_fresh_page(client, course_session):
    client.get("/training/wrap/")  # stored
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        client.cookies.clear()
        client.cookies[cookie] = "anything"
        assert queries_for(client, "/training/wrap/") > 0, cookie


def test_the_booking_journey_after_its_first_page_is_never_cached(client, course_session):
    from tests.training.journeys import book_url, start_booking

    client.get(book_url(course_session))  # the first page: stored, without its token
    assert len(stored_pages()) == 1
    start_booking(client, course_session)
    for step in ("details/", "colleagues/", "check/"):
        client.get(book_url(course_session, step))
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        client.get(book_url(course_session, step))
    assert len(stored_pages()) == 1


# --- Never stale: generations --------------------------------------------------------------


def test_a_booking_updates_places_left_on_cached_pages_at_once(client, course_session):
    assert "20 places left" in client.get("/training/wrap/").text
    assert "20 places left" in client.get("/training/").text
    book(course_session, 1)
    assert "19 places left" in client.get("/training/wrap/").text
    assert "19 places left" in client.get("/training/").text


def test_a_full_session_shows_as_full_straight_after_the_last_place_goes(client):
    session = make_session(course=make_course(slug="small"), capacity=2)
    book(session, 1)
    assert "1 place left" in client.get("/training/small/").text
    book(session, 2)
    page = client.get("/training/small/").text
    assert "place left" not in page
    assert "waiting list" in page.lower()


def test_the_change_is_bumped_again_after_commit(
    course_session, django_capture_on_commit_callbacks
):
    """The second bump, after commit, retires pages rendered while the booking was open."""
    before = page_cache.generations(["training"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        book(course_session, 1)
    assert callbacks, "no bump was scheduled for after the commit"
    assert page_cache.generations(["training"])[0] >= before[0] + 2


def test_an_editor_changing_a_course_updates_its_cached_page(client, course_session):
    assert "Workshop to Raise Awareness" in client.get("/training/wrap/").text
    course = course_session.course
    course.title = "WRAP, revised"
    course.save()
    assert "WRAP, revised" in client.get("/training/wrap/").text


def test_a_new_site_alert_shows_on_cached_pages(client, content, course_session):
    from datetime import timedelta

    from django.utils import timezone

    from pages.models import SiteAlert

    client.get("/training/")
    client.get("/about-prevent/")
    SiteAlert.objects.create(
        title="Offices closed on Friday",
        message="The team is away.",
        starts_at=timezone.now() - timedelta(minutes=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    assert "Offices closed on Friday" in client.get("/training/").text
    assert "Offices closed on Friday" in client.get("/about-prevent/").text


def test_publishing_a_change_is_seen_at_once(client, content):
    from pages.services import save_page

    assert "About Prevent" in client.get("/about-prevent/").text
    assert "About Prevent" in client.get("/search/?q=radicalisation").text
    content.title = "What Prevent is"
    save_page(page=content)
    assert "What Prevent is" in client.get("/about-prevent/").text
    assert "What Prevent is" in client.get("/search/?q=radicalisation").text


def test_unpublishing_a_page_takes_it_down_at_once(client, content):
    from pages.models import Page
    from pages.services import set_status

    assert client.get("/about-prevent/").status_code == 200
    assert client.get("/about-prevent/").status_code == 200  # a hit
    set_status(pages=[content], status=Page.Status.DRAFT)
    assert client.get("/about-prevent/").status_code == 404


def test_a_lost_generation_never_brings_back_old_pages(client, content):
    client.get("/about-prevent/")
    caches["pages"].delete("generation:content")  # evicted, say
    assert queries_for(client, "/about-prevent/") > 0


def test_a_page_older_than_its_lifetime_is_rendered_again(client, course_session, monkeypatch):
    import time

    client.get("/training/wrap/")
    later = time.time() + page_cache.CACHE_SECONDS + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert queries_for(client, "/training/wrap/") > 0
