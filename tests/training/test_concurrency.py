"""Capacity under concurrent requests, on PostgreSQL with real threads and connections."""

import threading

import pytest
from django.db import connection

from core.models import OutboundEmail
from training import services
from training.models import Booking

from .factories import delegate, make_session

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count, work):
    """Run work(i) in `count` threads released together; return (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_thirty_concurrent_bookings_for_five_places_confirm_exactly_five():
    assert connection.vendor == "postgresql"
    session = make_session(capacity=5)

    def book(index):
        return services.book_place(session_id=session.pk, delegate=delegate(index)).booking.pk

    results, errors = run_at_once(30, book)
    assert errors == []
    assert len(set(results)) == 30  # thirty different bookings, none lost
    bookings = Booking.objects.filter(session=session)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == 5
    assert bookings.filter(status=Booking.Status.WAITING).count() == 25
    assert bookings.values("email").distinct().count() == 30
    assert OutboundEmail.objects.count() == 30  # one email each


def test_concurrent_double_submits_of_one_form_make_one_booking():
    session = make_session(capacity=5)
    key = "5f0e4d3c-2b1a-4a9b-8c7d-6e5f4a3b2c1d"

    def submit(_index):
        result = services.book_place(
            session_id=session.pk, delegate=delegate(1), idempotency_key=key
        )
        return result.booking.pk

    results, errors = run_at_once(8, submit)
    assert errors == []
    assert len(set(results)) == 1
    assert Booking.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_concurrent_cancellations_promote_each_waiting_delegate_once():
    session = make_session(capacity=3)
    confirmed = [
        services.book_place(session_id=session.pk, delegate=delegate(n)).booking for n in range(3)
    ]
    for n in range(3, 8):
        services.book_place(session_id=session.pk, delegate=delegate(n))

    def cancel(index):
        return services.cancel_booking(
            booking_id=confirmed[index].pk, by=Booking.CancelledBy.DELEGATE
        ).promoted

    results, errors = run_at_once(3, cancel)
    assert errors == []
    promoted = [booking.pk for batch in results for booking in batch]
    assert len(promoted) == len(set(promoted)) == 3
    bookings = Booking.objects.filter(session=session)
    assert bookings.filter(status=Booking.Status.CONFIRMED).count() == 3
    assert bookings.filter(status=Booking.Status.WAITING).count() == 2
    # First come, first served: the three who waited longest got the places.
    assert set(bookings.filter(status="confirmed").values_list("email", flat=True)) == {
        "delegate3@example.com",
        "delegate4@example.com",
        "delegate5@example.com",
    }
