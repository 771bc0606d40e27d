"""Rules delegates meet: bank holidays, online joining details, how a session is delivered,
what the access-needs answer is for."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from training import services
from training.models import Session, default_booking_closes_at, is_working_day

from .factories import book, make_session
from .journeys import book_url, start_booking

pytestmark = pytest.mark.django_db


def local(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("session_day", "closes_on"),
    [
        # Tuesday after Easter 2027: Easter Monday and Good Friday are skipped.
        (date(2027, 3, 30), date(2027, 3, 25)),
        # Tuesday after the early May bank holiday 2027 (Monday 3 May).
        (date(2027, 5, 4), date(2027, 4, 30)),
        # Tuesday after the summer bank holiday in England 2027 (Monday 30 August).
        (date(2027, 8, 31), date(2027, 8, 27)),
        # After Christmas 2027 (Boxing Day on a Sunday: substitute day Tuesday 28th).
        (date(2027, 12, 29), date(2027, 12, 24)),
    ],
)
def test_booking_closes_at_5pm_on_the_working_day_before_skipping_bank_holidays(
    session_day, closes_on
):
    closes = timezone.localtime(default_booking_closes_at(local(session_day)))
    assert (closes.date(), closes.hour) == (closes_on, 17)


def test_the_august_bank_holiday_is_englands_not_scotlands():
    assert not is_working_day(date(2027, 8, 30))  # England
    assert is_working_day(date(2027, 8, 2))  # Scotland's, a working day here


def test_online_sessions_send_joining_details_at_booking_and_the_day_before(time_machine):
    session = make_session(
        days=5,
        delivery=Session.Delivery.ONLINE,
        joining_instructions="Join on Teams: meeting 123 456",
    )
    booking = book(session, 1)
    confirmation = OutboundEmail.objects.get(subject__startswith="Booking confirmed")
    assert "Join on Teams: meeting 123 456" in confirmation.text_body
    assert services.send_joining_reminders() == 0  # not yet the day before
    time_machine.move_to(session.starts_at - timedelta(hours=20))
    assert services.send_joining_reminders() == 1
    assert services.send_joining_reminders() == 0  # once
    reminder = OutboundEmail.objects.get(subject__startswith="Joining details for tomorrow")
    assert reminder.to == [booking.email]
    assert "Join on Teams: meeting 123 456" in reminder.text_body
    assert "Join on Teams" in reminder.html_body


def test_face_to_face_sessions_get_no_joining_reminder(time_machine):
    session = make_session(days=5)
    book(session, 1)
    time_machine.move_to(session.starts_at - timedelta(hours=20))
    assert services.send_joining_reminders() == 0


def test_course_and_booking_pages_say_online_or_face_to_face_per_session(client):
    session = make_session()
    online = make_session(course=session.course, delivery=Session.Delivery.ONLINE)
    html = client.get(session.course.get_absolute_url()).content.decode()
    assert "Face to face" in html and "Online" in html
    html = client.get(book_url(online)).content.decode()
    assert "Online (live)" in html
    html = client.get(book_url(session)).content.decode()
    assert "Face to face: Shire Hall, Warwick" in html


def test_the_access_needs_question_says_what_it_is_for_and_who_sees_it(client):
    session = make_session()
    start_booking(client, session)
    html = client.get(book_url(session, "details/")).content.decode()
    assert "only to make the session work for you" in html
    assert "the training team and your trainer see it" in html
