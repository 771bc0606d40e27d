"""Booking for up to 5 colleagues at once: one transaction, own bookings, never oversold."""

import pytest
from django.db import connection

from core.models import OutboundEmail
from training import services
from training.models import Booking

from .factories import book, delegate, fill, make_session
from .journeys import answer_questions, book_url
from .test_concurrency import run_at_once


def colleague(number, **fields):
    return delegate(100 + number, **fields)


@pytest.mark.django_db
def test_colleagues_each_get_their_own_booking_and_confirmation():
    session = make_session(capacity=10)
    result = services.book_place(
        session_id=session.pk,
        delegate=delegate(1),
        colleagues=[colleague(1, job_role="Teaching assistant"), colleague(2)],
    )
    assert [booking.status for booking in result.bookings] == [Booking.Status.CONFIRMED] * 3
    assert all(booking.group_lead_id == result.booking.pk for booking in result.colleagues)
    assert result.colleagues[0].organisation == "Northfield School"
    assert result.colleagues[0].job_role == "Teaching assistant"
    for address in ["delegate1@example.com", "delegate101@example.com", "delegate102@example.com"]:
        (email,) = OutboundEmail.objects.to_address(address)
        assert email.subject.startswith("Booking confirmed") and email.text_body.strip()


@pytest.mark.django_db
def test_more_than_five_colleagues_or_a_repeated_email_books_nobody():
    session = make_session()
    with pytest.raises(services.BookingError):
        services.book_place(
            session_id=session.pk,
            delegate=delegate(1),
            colleagues=[colleague(number) for number in range(6)],
        )
    with pytest.raises(services.BookingError):
        services.book_place(
            session_id=session.pk, delegate=delegate(1), colleagues=[colleague(1), colleague(1)]
        )
    book(session, 101)
    with pytest.raises(services.AlreadyBookedError) as error:
        services.book_place(session_id=session.pk, delegate=delegate(1), colleagues=[colleague(1)])
    assert error.value.email == "delegate101@example.com"
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_the_journey_books_colleagues_and_shows_each_reference(client):
    session = make_session(capacity=2)
    answer_questions(client, session)
    response = client.post(
        book_url(session, "colleagues/"),
        {
            "colleague_1_full_name": "Alex Colleague",
            "colleague_1_email": "Alex@Example.com",
            "colleague_1_job_role": "Teacher",
            "colleague_2_full_name": "Jo Colleague",
            "colleague_2_email": "jo@example.com",
            "colleague_2_job_role": "Head of year",
        },
    )
    assert response.url == book_url(session, "check/")
    check = client.get(book_url(session, "check/"))
    html = check.content.decode()
    assert "Alex Colleague" in html and "alex@example.com" in html
    assert "The first people listed get places" in html
    key = check.context["form"].initial["idempotency_key"]
    confirmation = client.post(book_url(session, "check/"), {"idempotency_key": key}, follow=True)
    html = confirmation.content.decode()
    lead = Booking.objects.get(email="sam@example.com")
    assert [item.status for item in lead.colleagues.order_by("pk")] == ["confirmed", "waiting"]
    for booking in Booking.objects.all():
        assert booking.reference in html


@pytest.mark.django_db
def test_colleague_rows_half_filled_or_repeated_are_govuk_errors(client):
    session = make_session()
    answer_questions(client, session)
    html = client.post(
        book_url(session, "colleagues/"),
        {
            "colleague_1_full_name": "Alex Colleague",
            "colleague_2_full_name": "Jo",
            "colleague_2_email": "sam@example.com",
            "colleague_2_job_role": "Teacher",
        },
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter their email address for colleague 1" in html
    assert "Colleague 2 needs their own email address" in html
    assert 'href="#id_colleague_1_email"' in html


@pytest.mark.django_db(transaction=True)
def test_a_five_person_booking_with_two_places_left_gives_two_confirmed_and_three_waiting():
    assert connection.vendor == "postgresql"
    session = make_session(capacity=4)
    fill(session, 2)

    def group(index):
        lead = delegate(10 * (index + 1))
        others = [delegate(10 * (index + 1) + number) for number in range(1, 5)]
        return services.book_place(session_id=session.pk, delegate=lead, colleagues=others)

    results, errors = run_at_once(3, group)
    assert errors == []
    confirmed = Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED)
    assert confirmed.count() == 4  # never more than the capacity
    per_group = sorted(
        [booking.status for booking in result.bookings].count(Booking.Status.CONFIRMED)
        for result in results
    )
    assert per_group == [0, 0, 2]
    winner = next(result for result in results if result.booking.status == "confirmed")
    assert [booking.status for booking in winner.bookings] == ["confirmed"] * 2 + ["waiting"] * 3
    assert Booking.objects.filter(status=Booking.Status.WAITING).count() == 13
    assert OutboundEmail.objects.count() == 2 + 15  # each person emailed once
