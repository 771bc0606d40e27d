"""The booking rules of book_place(): places, waiting list, closed sessions, duplicates."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import OutboundEmail
from training import services
from training.models import Booking, CancellationToken, Session
from training.notifications import hash_token

from .factories import book, delegate, fill, make_session

pytestmark = pytest.mark.django_db


def test_booking_a_free_place_confirms_it_and_queues_one_email(session):
    booking = book(session)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.confirmed_at is not None
    assert booking.reference.startswith("PT-") and len(booking.reference) == 11
    email = OutboundEmail.objects.get()
    assert email.to == ["delegate1@example.com"]
    assert booking.reference in email.text_body
    assert email.attachments[0]["filename"].endswith(".ics")


def test_full_session_puts_next_delegate_on_waiting_list():
    session = make_session(capacity=2)
    first, second = fill(session, 2)
    third = book(session, 3)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    waiting_email = OutboundEmail.objects.to_address("delegate3@example.com").get()
    assert "waiting list" in waiting_email.subject.lower()
    assert "number 1" in waiting_email.text_body
    assert waiting_email.attachments == []  # no calendar file until they have a place


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": Session.Status.CANCELLED}, "cancelled"),
        ({"booking_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
    ],
)
def test_cancelled_or_closed_session_cannot_be_booked(change, reason):
    session = make_session()
    Session.objects.filter(pk=session.pk).update(**change)
    with pytest.raises(services.SessionNotBookableError) as error:
        book(session)
    assert error.value.reason == reason
    assert error.value.message
    assert not Booking.objects.exists() and not OutboundEmail.objects.exists()


def test_past_session_cannot_be_booked():
    starts = timezone.now() - timedelta(days=1)
    session = make_session(starts_at=starts, booking_closes_at=starts - timedelta(days=1))
    with pytest.raises(services.SessionNotBookableError) as error:
        book(session)
    assert error.value.reason == "past"
    assert not Booking.objects.exists()


def test_one_active_booking_per_email_per_session_ignoring_case(session):
    book(session, 1)
    with pytest.raises(services.AlreadyBookedError):
        book(session, 2, email="DELEGATE1@Example.com")
    assert Booking.objects.count() == 1


def test_the_same_email_can_book_again_after_cancelling(session):
    first = book(session)
    services.cancel_booking(booking_id=first.pk, by=Booking.CancelledBy.DELEGATE)
    again = book(session)
    assert again.pk != first.pk and again.status == Booking.Status.CONFIRMED


def test_the_database_refuses_a_second_active_booking_for_an_email(session):
    """The partial unique index is the last guard, whatever the code above it does."""
    booking = book(session)
    duplicate = Booking(
        session=session,
        reference="PT-DUPLICAT",
        status=Booking.Status.WAITING,
        full_name="Someone",
        email=booking.email.upper(),
        phone="01632 960002",
        organisation="Org",
        sector="health",
        job_role="Nurse",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    duplicate.status = Booking.Status.CANCELLED  # a cancelled booking does not count
    duplicate.save()


def test_resubmitting_with_the_same_idempotency_key_returns_the_first_booking(session):
    key = "0b4c8f6e-3f7a-4a4e-9a53-7d2f0b6f1c11"
    first = services.book_place(session_id=session.pk, delegate=delegate(), idempotency_key=key)
    second = services.book_place(session_id=session.pk, delegate=delegate(), idempotency_key=key)
    assert first.created and not second.created
    assert first.booking.pk == second.booking.pk
    assert Booking.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_cancel_token_is_random_hashed_and_not_the_reference(session):
    booking = book(session)
    email = OutboundEmail.objects.get()
    token = email.text_body.split("/training/bookings/cancel/")[1].split("/")[0]
    assert len(token) >= 40
    assert booking.reference.lower() not in token.lower()
    stored = CancellationToken.objects.get(booking=booking)
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    # A second booking's token has nothing in common with the first.
    other = book(session, 2)
    other_hash = CancellationToken.objects.get(booking=other).token_hash
    assert other_hash != stored.token_hash


def test_phone_bookings_follow_the_same_rules(session, training_admin):
    result = services.book_place(
        session_id=session.pk,
        delegate=delegate(),
        source=Booking.Source.PHONE,
        taken_by=training_admin,
    )
    assert result.booking.source == Booking.Source.PHONE
    with pytest.raises(services.AlreadyBookedError):
        services.book_place(session_id=session.pk, delegate=delegate(), source=Booking.Source.PHONE)


def test_session_needs_a_venue_unless_online_and_must_end_after_it_starts():
    session = make_session()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(venue=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at)
    online = make_session(delivery=Session.Delivery.ONLINE)
    assert online.venue is None and online.place_name == "Online"
