"""The page cache's answers beyond the page: ETag/Last-Modified and 304s, booking pages
that are never cached, and registrations checked at start-up (core/page_cache.py)."""

import pytest
from django.core.cache import caches

from core import page_cache

pytestmark = pytest.mark.django_db


# --- ETag, Last-Modified and 304 -------------------------------------------------------------


def test_cached_pages_answer_conditional_requests_with_304(client, content):
    fresh = client.get("/about-prevent/")
    etag, last_modified = fresh["ETag"], fresh["Last-Modified"]
    assert "no-cache" in fresh["Cache-Control"]
    hit = client.get("/about-prevent/", headers={"if-none-match": etag})
    assert hit.status_code == 304
    assert hit["ETag"] == etag
    assert hit.content == b""
    assert (
        client.get("/about-prevent/", headers={"if-modified-since": last_modified}).status_code
        == 304
    )
    assert client.get("/about-prevent/", headers={"if-none-match": '"other"'}).status_code == 200


def test_a_fresh_render_answers_a_matching_etag_with_304_too(client, content):
    etag = client.get("/about-prevent/")["ETag"]
    caches["pages"].clear()
    assert client.get("/about-prevent/", headers={"if-none-match": etag}).status_code == 304


# --- Booking pages: never cached, their places counted on every request -------------------


def _booking_page(client, session):
    client.cookies.clear()
    return client.get(f"/training/sessions/{session.public_id}/book/").text


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


def test_a_cancelled_session_is_refused_on_its_booking_page_at_once(client, course_session):
    from training.services import cancel_session

    _booking_page(client, course_session)
    cancel_session(session_id=course_session.pk)
    assert "cancelled" in _booking_page(client, course_session)


def test_a_page_naming_a_scope_no_app_registered_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    page_cache.register_page("cache-test-plain", scopes=["everything"])
    try:
        with pytest.raises(ImproperlyConfigured, match="everything"):
            page_cache.check_registrations()
    finally:
        page_cache.PAGES.pop("cache-test-plain")
        page_cache._rule_for_path.cache_clear()
