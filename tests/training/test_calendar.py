"""Calendar files: RFC 5545, Europe/London with a VTIMEZONE, the venue, nothing personal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.models import OutboundEmail
from training.models import Session

from .factories import book, make_course, make_session

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_booking_email_calendar_file_is_valid_london_time_with_venue_and_no_personal_data():
    session = make_session(starts_at=datetime(2027, 7, 1, 10, 0, tzinfo=LONDON))
    booking = book(session, full_name="Priya Sharma", phone="07700 900123")
    text = OutboundEmail.objects.get().attachments[0]["content"]

    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = Calendar.from_ical(text)
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/London"
    assert {part.name for part in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    event = calendar.walk("VEVENT")[0]
    assert "DTSTART;TZID=Europe/London:20270701T100000" in text
    assert event.decoded("dtstart") == datetime(2027, 7, 1, 10, 0, tzinfo=LONDON)
    assert event.decoded("dtend") == datetime(2027, 7, 1, 12, 0, tzinfo=LONDON)
    assert "Shire Hall" in str(event["LOCATION"]) and "CV34 4RL" in str(event["LOCATION"])
    assert str(session.public_id) in str(event["UID"])
    for personal in ["Priya", "Sharma", booking.email, "07700", booking.reference]:
        assert personal not in text
    assert "ATTENDEE" not in text and "ORGANIZER" not in text


def test_calendar_feed_lists_only_upcoming_published_sessions(client):
    shown = make_session(course=make_course(title="Shown course"))
    make_session(course=make_course(title="Cancelled course"), status=Session.Status.CANCELLED)
    make_session(course=make_course(title="Hidden course", is_published=False))
    past = make_session(course=make_course(title="Past course"), days=-3)
    assert past.starts_at < shown.starts_at
    book(shown)
    response = client.get("/training/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Prevent training: Shown course"]
    assert b"delegate1" not in response.content
