import pytest
from django.utils import timezone

from core.models import OutboundEmail
from training import services
from training.models import Booking, Session

from .factories import book, fill, make_session, reload

pytestmark = pytest.mark.django_db


def emails_to(address):
    return list(OutboundEmail.objects.to_address(address).order_by("created_at", "pk"))


def test_cancelling_a_place_promotes_the_first_person_waiting_and_emails_them():
    session = make_session(capacity=2)
    first, _second = fill(session, 2)
    waiting_first = book(session, 3)
    waiting_second = book(session, 4)

    result = services.cancel_booking(booking_id=first.pk, by=Booking.CancelledBy.DELEGATE)

    assert [booking.pk for booking in result.promoted] == [waiting_first.pk]
    assert reload(first).status == Booking.Status.CANCELLED
    assert reload(first).cancelled_by == Booking.CancelledBy.DELEGATE
    assert reload(waiting_first).status == Booking.Status.CONFIRMED
    assert reload(waiting_second).status == Booking.Status.WAITING
    offered = emails_to("delegate3@example.com")[-1]
    assert offered.subject.startswith("You now have a place")
    assert offered.attachments[0]["mimetype"] == "text/calendar"
    assert "/training/bookings/cancel/" in offered.text_body
    assert emails_to("delegate1@example.com")[-1].subject.startswith("Booking cancelled")


def test_first_come_first_served_even_when_booked_in_the_same_second():
    session = make_session(capacity=1)
    book(session, 1)
    now = timezone.now()
    later = book(session, 2)
    earlier = book(session, 3)
    # Same timestamp: the earlier row (lower id) is first in the queue.
    Booking.objects.filter(pk__in=[later.pk, earlier.pk]).update(created_at=now)
    holder = Booking.objects.get(email="delegate1@example.com")
    services.cancel_booking(booking_id=holder.pk, by=Booking.CancelledBy.ADMIN)
    assert reload(later).status == Booking.Status.CONFIRMED
    assert reload(earlier).status == Booking.Status.WAITING
    assert reload(earlier).waiting_position() == 1


def test_leaving_the_waiting_list_promotes_nobody():
    session = make_session(capacity=1)
    book(session, 1)
    waiting = book(session, 2)
    third = book(session, 3)
    result = services.cancel_booking(booking_id=waiting.pk, by=Booking.CancelledBy.DELEGATE)
    assert result.promoted == []
    assert reload(third).status == Booking.Status.WAITING
    assert reload(third).waiting_position() == 1


def test_a_booking_cannot_be_cancelled_twice(session):
    booking = book(session)
    services.cancel_booking(booking_id=booking.pk, by=Booking.CancelledBy.DELEGATE)
    with pytest.raises(services.CannotCancelError) as error:
        services.cancel_booking(booking_id=booking.pk, by=Booking.CancelledBy.DELEGATE)
    assert error.value.reason == "already_cancelled"


def test_raising_capacity_promotes_the_waiting_list_in_order():
    session = make_session(capacity=1)
    fill(session, 4)
    Session.objects.filter(pk=session.pk).update(capacity=3)
    promoted = services.promote_waiting_list(session_id=session.pk)
    assert [b.email for b in promoted] == ["delegate2@example.com", "delegate3@example.com"]
    assert Booking.objects.filter(session=session, status="confirmed").count() == 3
    assert Booking.objects.get(email="delegate4@example.com").status == "waiting"


def test_cancelling_a_session_cancels_every_booking_and_emails_each_delegate():
    session = make_session(capacity=1)
    fill(session, 3)
    OutboundEmail.objects.all().delete()
    told = services.cancel_session(session_id=session.pk)
    assert told == 3
    assert reload(session).status == Session.Status.CANCELLED
    assert not Booking.objects.filter(session=session, status__in=services.ACTIVE).exists()
    subjects = set(OutboundEmail.objects.values_list("subject", flat=True))
    assert all(subject.startswith("Session cancelled") for subject in subjects)
    assert OutboundEmail.objects.count() == 3
    # The confirmed delegate's calendar file marks the event cancelled.
    confirmed_email = OutboundEmail.objects.to_address("delegate1@example.com").get()
    assert "STATUS:CANCELLED" in confirmed_email.attachments[0]["content"]
    assert services.cancel_session(session_id=session.pk) == 0  # idempotent
    assert OutboundEmail.objects.count() == 3
