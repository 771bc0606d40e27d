"""The shared page cache (core.page_cache): fast for visitors, never stale or personal."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.page_cache import CONTENT, TRAINING, cache_public_page
from core.testing import sign_in_staff
from tests.training.factories import book, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_session():
    course = make_course(title="Workshop to Raise Awareness of Prevent", slug="wrap")
    return make_session(course=course, capacity=20)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/training/", "/training/wrap/", "/training/calendar.ics"])
def test_a_cache_hit_is_served_without_a_database_query(
    client, course_session, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_booking_updates_places_left_on_cached_pages_at_once(client, course_session):
    assert "20 places left" in client.get("/training/wrap/").content.decode()
    assert "20 places left" in client.get("/training/").content.decode()

    book(course_session, 1)

    assert "19 places left" in client.get("/training/wrap/").content.decode()
    assert "19 places left" in client.get("/training/").content.decode()


def test_a_full_session_shows_as_full_straight_after_the_last_place_goes(client):
    session = make_session(course=make_course(slug="small"), capacity=2)
    book(session, 1)
    assert "1 place left" in client.get("/training/small/").content.decode()
    book(session, 2)
    page = client.get("/training/small/").content.decode()
    assert "place left" not in page
    assert "waiting list" in page.lower()


def test_the_change_is_seen_after_commit_by_other_processes(
    client, course_session, django_capture_on_commit_callbacks
):
    """The second bump, after commit, retires pages rendered while the booking was open."""
    before = page_cache.generations([TRAINING])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        book(course_session, 1)
    assert callbacks, "no bump was scheduled for after the commit"
    assert page_cache.generations([TRAINING])[0] >= before[0] + 2


def test_an_editor_changing_a_course_updates_its_cached_page(client, course_session):
    assert "Workshop to Raise Awareness" in client.get("/training/wrap/").content.decode()
    course = course_session.course
    course.title = "WRAP, revised"
    course.save()
    assert "WRAP, revised" in client.get("/training/wrap/").content.decode()


def test_a_new_site_alert_shows_on_cached_training_pages(client, course_session):
    from datetime import timedelta

    from django.utils import timezone

    from pages.models import SiteAlert

    client.get("/training/")
    SiteAlert.objects.create(
        title="Offices closed on Friday",
        message="The team is away.",
        starts_at=timezone.now() - timedelta(minutes=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    assert "Offices closed on Friday" in client.get("/training/").content.decode()


def test_signed_in_staff_neither_get_nor_fill_cached_pages(
    client, course_session, django_user_model
):
    staff = django_user_model.objects.create_user(
        username="editor", password="a long password for tests", is_staff=True
    )
    sign_in_staff(client, staff)
    client.get("/training/wrap/")
    visitor = client.__class__()
    assert queries_for(visitor, "/training/wrap/") > 0, "the staff page was stored for visitors"
    # And a page stored for visitors is not what staff are given.
    assert queries_for(client, "/training/wrap/") > 0


def test_a_visitor_mid_journey_with_a_session_cookie_gets_a_fresh_page(client, course_session):
    client.get("/training/wrap/")  # stored
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    assert queries_for(client, "/training/wrap/") > 0


def test_booking_pages_are_never_cached_and_show_exact_places(client, course_session):
    path = f"/training/sessions/{course_session.public_id}/book/"
    first = client.get(path)
    assert first.status_code == 200
    assert settings.CSRF_COOKIE_NAME in first.cookies  # a form with a CSRF token
    book(course_session, 1)
    client.cookies.clear()
    assert client.get(path).status_code == 200
    assert not any(key.startswith("page-cache:page:") for key in _cache_keys())


# --- The decorator's rules, on views of its own ------------------------------------------


class CountingView:
    def __init__(self, respond):
        self.calls = 0
        self.respond = respond

    def __call__(self, request):
        self.calls += 1
        return self.respond(request)


def _get(view, path="/somewhere/", **extra):
    request = RequestFactory().get(path, **extra)
    return view(request)


def _twice(respond):
    counting = CountingView(respond)
    view = cache_public_page(scopes=(CONTENT,))(counting)
    _get(view)
    _get(view)
    return counting.calls


def test_a_plain_page_is_rendered_once():
    assert _twice(lambda request: HttpResponse("<p>Hello</p>")) == 1


def test_a_page_carrying_a_csrf_token_is_never_stored():
    template = engines["django"].from_string("<form method='post'>{% csrf_token %}</form>")

    def form_page(request):
        return HttpResponse(template.render({}, request))

    assert _twice(form_page) == 2


def test_a_page_that_asked_for_the_csrf_token_is_never_stored():
    def form_page(request):
        get_token(request)
        return HttpResponse("<form></form>")

    assert _twice(form_page) == 2


def test_responses_that_set_cookies_or_are_not_200_are_never_stored():
    def sets_cookie(request):
        response = HttpResponse("hi")
        response.set_cookie("seen", "1")
        return response

    assert _twice(sets_cookie) == 2
    assert _twice(lambda request: HttpResponse("gone", status=404)) == 2
    assert _twice(lambda request: HttpResponse("moved", status=302)) == 2


def test_private_responses_are_never_stored():
    def private(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "private, no-cache"
        return response

    assert _twice(private) == 2


def test_a_page_that_used_a_csp_nonce_is_never_stored():
    from django.utils.csp import LazyNonce

    def with_nonce(request):
        request._csp_nonce = LazyNonce()
        return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")

    assert _twice(with_nonce) == 2


def test_only_gets_are_served_from_the_cache():
    counting = CountingView(lambda request: HttpResponse("ok"))
    view = cache_public_page(scopes=(CONTENT,))(counting)
    factory = RequestFactory()
    view(factory.get("/x/"))
    view(factory.head("/x/"))
    view(factory.post("/x/"))
    assert counting.calls == 3


def test_the_query_string_is_part_of_the_key():
    counting = CountingView(lambda request: HttpResponse(request.GET.get("q", "")))
    view = cache_public_page(scopes=(CONTENT,))(counting)
    assert _get(view, "/search/?q=one").content == b"one"
    assert _get(view, "/search/?q=two").content == b"two"
    assert _get(view, "/search/?q=one").content == b"one"
    assert counting.calls == 2


def test_a_hit_answers_a_conditional_get_with_304():
    def tagged(request):
        response = HttpResponse("tagged")
        response["ETag"] = '"v1"'
        response["Last-Modified"] = "Wed, 25 Nov 2026 10:00:00 GMT"
        return response

    view = cache_public_page(scopes=(CONTENT,))(CountingView(tagged))
    _get(view)
    hit = _get(view, HTTP_IF_NONE_MATCH='"v1"')
    assert hit.status_code == 304
    assert hit["ETag"] == '"v1"'
    assert _get(view, HTTP_IF_NONE_MATCH='"v0"').status_code == 200


def test_a_lost_generation_number_never_brings_back_old_pages():
    counting = CountingView(lambda request: HttpResponse("ok"))
    view = cache_public_page(scopes=(CONTENT,))(counting)
    _get(view)
    cache.delete("page-cache:generation:content")  # evicted, say
    _get(view)
    assert counting.calls == 2


def test_unknown_scopes_are_refused():
    with pytest.raises(ValueError, match="scopes"):
        cache_public_page(scopes=("everything",))


def _cache_keys():
    # The test settings use local memory; its keys carry a ":1:" prefix.
    return [key.split(":", 2)[-1] for key in cache._cache]


def test_a_page_that_wrote_to_the_session_or_left_a_message_is_never_stored(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    def writes_session(request):
        request.session["seen"] = True
        return HttpResponse("hi")

    def leaves_message(request):
        request._messages.add(20, "Saved")
        return HttpResponse("hi")

    for respond in (writes_session, leaves_message):
        counting = CountingView(respond)
        view = cache_public_page(scopes=(CONTENT,))(counting)
        for _ in range(2):
            request = rf.get("/x/")
            request.session = SessionStore()
            request._messages = FallbackStorage(request)
            view(request)
        assert counting.calls == 2, respond.__name__


# --- Content pages, search and the sitemap --------------------------------------------------


@pytest.fixture
def content():
    from tests.pages.factories import make_page

    make_page("Home", kind="home", slug="")
    return make_page("About Prevent", slug="about-prevent", body="How radicalisation works.")


@pytest.mark.parametrize(
    "path", ["/", "/about-prevent/", "/search/?q=radicalisation", "/sitemap.xml"]
)
def test_content_pages_search_and_sitemap_hits_need_no_query(
    client, content, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content


def test_publishing_a_change_is_seen_at_once(client, content):
    from pages.services import save_page

    assert "About Prevent" in client.get("/about-prevent/").content.decode()
    assert "About Prevent" in client.get("/").content.decode()
    content.title = "What Prevent is"
    save_page(page=content)
    assert "What Prevent is" in client.get("/about-prevent/").content.decode()
    assert "What Prevent is" in client.get("/search/?q=radicalisation").content.decode()


def test_unpublishing_a_page_takes_it_down_at_once(client, content):
    from pages.models import Page
    from pages.services import set_status

    assert client.get("/about-prevent/").status_code == 200
    set_status(pages=[content], status=Page.Status.DRAFT)
    assert client.get("/about-prevent/").status_code == 404


def test_a_cached_page_still_answers_conditional_requests_with_304(client, content):
    etag = client.get("/about-prevent/")["ETag"]
    client.get("/about-prevent/")  # now from the cache
    response = client.get("/about-prevent/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_editors_see_their_edit_link_and_visitors_never_get_it_from_the_cache(
    client, content, django_user_model
):
    from django.contrib.auth.models import Group

    from core.roles import CONTENT_EDITOR

    editor = django_user_model.objects.create_user(
        username="editor", password="a long password for tests", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    visitor = client.__class__()
    visitor.get("/about-prevent/")  # stored for visitors
    sign_in_staff(client, editor)
    staff_page = client.get("/about-prevent/")
    assert "private" in staff_page["Cache-Control"]
    assert "Edit this page" in staff_page.content.decode()
    assert "Edit this page" not in visitor.get("/about-prevent/").content.decode()


# --- Booking pages: the session's details may be kept, its places are always counted ------


def _booking_page(client, session):
    client.cookies.clear()
    return client.get(f"/training/sessions/{session.public_id}/book/").content.decode()


def test_places_left_on_a_booking_page_are_counted_on_every_request(client, course_session):
    from training.models import Booking

    assert "20 places left" in _booking_page(client, course_session)
    # Rows written without any signal (nothing retires a cache): still counted.
    Booking.objects.bulk_create(
        Booking(
            session=course_session,
            reference=f"PT-BULK{number:04d}",
            status=Booking.Status.CONFIRMED,
            full_name="Bulk",
            email=f"bulk{number}@example.com",
            phone="01632 960001",
            organisation="Org",
            sector="schools",
            job_role="Teacher",
        )
        for number in range(3)
    )
    assert "17 places left" in _booking_page(client, course_session)


def test_a_full_session_is_full_on_its_booking_page_at_once(client):
    session = make_session(course=make_course(slug="tiny"), capacity=1)
    assert "1 place left" in _booking_page(client, session)
    book(session, 1)
    page = _booking_page(client, session)
    assert "Fully booked" in page


def test_a_cancelled_session_is_refused_on_its_booking_page_at_once(client, course_session):
    from training.services import cancel_session

    _booking_page(client, course_session)  # its details are now kept
    cancel_session(session_id=course_session.pk)
    assert "cancelled" in _booking_page(client, course_session)


def test_kept_data_is_rebuilt_after_a_change_and_errors_are_not_kept():
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    assert page_cache.remember("thing", scopes=(TRAINING,), build=build) == {"n": 1}
    assert page_cache.remember("thing", scopes=(TRAINING,), build=build) == {"n": 1}
    page_cache.bump(TRAINING)
    assert page_cache.remember("thing", scopes=(TRAINING,), build=build) == {"n": 2}

    def fails():
        raise LookupError

    for _ in range(2):
        with pytest.raises(LookupError):
            page_cache.remember("missing", scopes=(TRAINING,), build=fails)


# --- Out-of-date pages: one render, the others meanwhile get the previous copy -----------


def _lock_held_elsewhere(path):
    """As if another worker were rendering `path` again right now."""
    request = RequestFactory().get(path)
    cache.add(page_cache._page_key(request) + page_cache._LOCK, 1, timeout=10)


def test_while_another_request_renders_a_changed_page_the_previous_copy_is_served(
    client, course_session, django_assert_num_queries
):
    assert "20 places left" in client.get("/training/wrap/").content.decode()
    book(course_session, 1)
    _lock_held_elsewhere("/training/wrap/")
    with django_assert_num_queries(0):
        meanwhile = client.get("/training/wrap/").content.decode()
    assert "20 places left" in meanwhile
    cache.delete(page_cache._page_key(RequestFactory().get("/training/wrap/")) + page_cache._LOCK)
    assert "19 places left" in client.get("/training/wrap/").content.decode()


def test_a_page_taken_down_is_never_served_from_an_old_copy(client, content):
    from pages.models import Page
    from pages.services import set_status

    assert client.get("/about-prevent/").status_code == 200
    set_status(pages=[content], status=Page.Status.DRAFT)
    assert client.get("/about-prevent/").status_code == 404
    _lock_held_elsewhere("/about-prevent/")
    assert client.get("/about-prevent/").status_code == 404


def test_a_page_older_than_its_lifetime_is_rendered_again(client, course_session, monkeypatch):
    import time

    client.get("/training/wrap/")
    later = time.time() + page_cache.CACHE_SECONDS + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        client.get("/training/wrap/")
    assert len(queries) > 0
