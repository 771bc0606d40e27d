"""Cancelling from the email's link: confirm first; used or unknown links get a clear page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from training.models import Booking, Session

from .factories import book, fill, make_session, reload

pytestmark = pytest.mark.django_db


def cancel_link(address):
    email = OutboundEmail.objects.to_address(address).order_by("created_at").first()
    prefix = "/training/bookings/cancel/"
    start = email.text_body.index(prefix)
    return email.text_body[start : email.text_body.index("/", start + len(prefix)) + 1]


def test_delegate_confirms_then_cancels_and_the_first_waiting_is_promoted(client):
    session = make_session(capacity=1)
    booking = book(session, 1)
    waiting = book(session, 2)
    link = cancel_link("delegate1@example.com")

    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Are you sure you want to cancel your booking?" in html
    assert booking.reference in html
    assert reload(booking).status == Booking.Status.CONFIRMED  # a GET changes nothing

    response = client.post(link, {})
    assert response.url == "/training/bookings/cancelled/"
    html = client.get(response.url).content.decode()
    assert "Booking cancelled" in html and booking.reference in html
    assert reload(booking).status == Booking.Status.CANCELLED
    assert reload(waiting).status == Booking.Status.CONFIRMED

    # The same link again: a clear page, not an error, and nothing changes.
    again = client.get(link)
    assert again.status_code == 200
    assert "This booking is already cancelled" in again.content.decode()
    assert client.post(link, {}).status_code == 200
    assert Booking.objects.filter(status="confirmed").count() == 1


def test_unknown_or_mangled_token_gets_a_clear_not_valid_page(client):
    session = make_session()
    book(session)
    link = cancel_link("delegate1@example.com")
    for bad in ["/training/bookings/cancel/not-a-real-token/", link[:-10] + "/"]:
        response = client.get(bad)
        assert response.status_code == 404
        assert "This cancellation link is not valid" in response.content.decode()
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_the_reference_cannot_be_used_as_a_cancel_token(client):
    session = make_session()
    booking = book(session)
    response = client.post(f"/training/bookings/cancel/{booking.reference}/", {})
    assert response.status_code == 404
    assert reload(booking).status == Booking.Status.CONFIRMED


def test_waiting_list_link_leaves_the_waiting_list(client):
    session = make_session(capacity=1)
    fill(session, 1)
    waiting = book(session, 2)
    link = cancel_link("delegate2@example.com")
    assert "place on the waiting list" in client.get(link).content.decode()
    client.post(link, {})
    assert reload(waiting).status == Booking.Status.CANCELLED


def test_a_session_that_has_started_cannot_be_cancelled_online(client):
    session = make_session()
    booking = book(session)
    link = cancel_link("delegate1@example.com")
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        booking_closes_at=timezone.now() - timedelta(days=1),
    )
    html = client.post(link, {}).content.decode()
    assert "This session has already started" in html
    assert reload(booking).status == Booking.Status.CONFIRMED


def test_cancel_pages_are_not_indexed(client):
    session = make_session()
    book(session)
    link = cancel_link("delegate1@example.com")
    for page in (client.get(link), client.post(link, {}, follow=True)):  # then "cancelled"
        assert '<meta name="robots" content="noindex">' in page.content.decode()
