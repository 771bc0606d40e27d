"""RFC 5545 calendar files for sessions: one in each booking email, and the public feed.

Times are written in Europe/London with a VTIMEZONE, so calendar programs show the
right local time on both sides of the clock change. Nothing personal goes in: no
attendee, no organiser's name, only the course, the time, the place and a link.
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

PRODID = "-//Warwickshire County Council//Prevent training//EN"
TZID = "Europe/London"


# Europe/London's two offsets: (component, name, first change, offset before, after).
LONDON_OFFSETS = [
    (TimezoneDaylight, "BST", datetime(1970, 3, 29, 1, 0), 0, 1),
    (TimezoneStandard, "GMT", datetime(1970, 10, 25, 2, 0), 1, 0),
]


def london_vtimezone():
    """Europe/London as rules (last Sunday of March and October), valid for any year."""
    zone = Timezone()
    zone.add("tzid", TZID)
    for component, name, start, before, after in LONDON_OFFSETS:
        offset = component()
        offset.add("tzname", name)
        offset.add("dtstart", start)
        offset.add("tzoffsetfrom", timezone.timedelta(hours=before))
        offset.add("tzoffsetto", timezone.timedelta(hours=after))
        offset.add("rrule", {"freq": "yearly", "bymonth": start.month, "byday": "-1SU"})
        zone.add_component(offset)
    return zone


def session_uid(session):
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"training-session-{session.public_id}@{host}"


def session_event(session, *, cancelled=False):
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at))
    event.add("dtend", timezone.localtime(session.ends_at))
    event.add("summary", f"Prevent training: {session.course.title}")
    event.add("location", session.location)
    url = settings.SITE_URL + session.course.get_absolute_url()
    event.add("url", url)
    description = [session.course.summary]
    if session.notes:
        description.append(session.notes)
    description.append(f"Details: {url}")
    event.add("description", "\n\n".join(description))
    # A change or cancellation replaces the earlier entry: same UID, higher sequence
    # (services.change_session and cancel_session raise it).
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def build_calendar(sessions, *, name=None, cancelled=False):
    """Return the .ics text (CRLF line endings, lines folded at 75 octets)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TZID)
    calendar.add_component(london_vtimezone())
    for session in sessions:
        calendar.add_component(session_event(session, cancelled=cancelled))
    return calendar.to_ical().decode("utf-8")


def session_ics(session, *, cancelled=False):
    """One session as an email attachment: (filename, text, mimetype) for queue_email."""
    # PUBLISH, not iTIP REQUEST/CANCEL: those need an organiser and attendees, which
    # would put names and addresses in the file.
    text = build_calendar([session], cancelled=cancelled)
    return ("prevent-training.ics", text, "text/calendar")
