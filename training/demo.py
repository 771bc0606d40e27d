"""Demo content for the training app, loaded by `manage.py load_demo_content`.

The courses and venues are the real ones, loaded first from content/data/ by
`load_site_content` (training/site_content.py); this adds the fictional part. Sessions
are dated relative to the day the command runs, and keep a fixed identity
(a UUID derived from a name), so running it again moves them rather than adding more:
a second run on the same day changes and duplicates nothing. Venue addresses are
illustrative. Demo bookings use example.com addresses and are made without emails.
"""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from core.content import LoadReport, read_yaml

from . import site_content
from .models import (
    Booking,
    Course,
    Sector,
    Session,
    Venue,
    default_booking_closes_at,
    is_working_day,
)

DEMO_NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4f0e-9d57-3b8f2a1c9e40")

# (key, course slug, days from today, start, end, venue key or None for online,
#  capacity, confirmed, waiting, extra)
SESSIONS = [
    ("wrap-1", "workshop-to-raise-awareness-of-prevent", 9, (10, 0), (12, 0), "warwick-shire-hall", 25, 23, 0, {"room": "Room 5"}),
    ("wrap-2", "workshop-to-raise-awareness-of-prevent", 30, (10, 0), (12, 0), "leek-wootton", 25, 6, 0, {}),
    ("wrap-3", "workshop-to-raise-awareness-of-prevent", 58, (10, 0), (12, 0), "nuneaton", 25, 2, 0, {}),
    ("wrap-4", "workshop-to-raise-awareness-of-prevent", 86, (10, 0), (12, 0), "warwick-saltisford", 25, 0, 0, {"room": "Conference room 1"}),
    ("wrap-5", "workshop-to-raise-awareness-of-prevent", 114, (10, 0), (12, 0), "rugby", 25, 0, 0, {}),
    ("wrap-past", "workshop-to-raise-awareness-of-prevent", -14, (10, 0), (12, 0), "warwick-shire-hall", 25, 8, 0, {"room": "Room 5"}),
    ("update-1", "prevent-update-training", 16, (10, 0), (12, 0), "nuneaton", 20, 20, 3, {}),
    ("update-2", "prevent-update-training", 44, (10, 0), (12, 0), "stratford", 20, 18, 0, {}),
    ("update-3", "prevent-update-training", 72, (10, 0), (12, 0), "rugby", 20, 4, 0, {}),
    ("update-4", "prevent-update-training", 100, (10, 0), (12, 0), "warwick-saltisford", 20, 1, 0, {"room": "Conference room 1"}),
    ("update-5", "prevent-update-training", 128, (10, 0), (12, 0), "mancetter", 20, 0, 0, {}),
    ("update-cancelled", "prevent-update-training", 37, (10, 0), (12, 0), "warwick-shire-hall", 20, 0, 0, {"status": Session.Status.CANCELLED}),
    ("grooming-1", "prevent-online-grooming", 23, (10, 0), (12, 0), None, 30, 12, 0, {"joining_instructions": "We will email you a Microsoft Teams link the day before."}),
    ("grooming-2", "prevent-online-grooming", 65, (13, 30), (15, 30), "leamington", 30, 3, 0, {}),
    ("ttt-1", "train-the-trainer", 51, (14, 0), (16, 30), "leamington", 12, 10, 0, {}),
    ("ttt-2", "train-the-trainer", 107, (9, 30), (12, 30), "warwick-shire-hall", 12, 2, 0, {}),
    ("parents-1", "keeping-your-family-safe-online", 20, (18, 30), (20, 0), None, 40, 9, 0, {"joining_instructions": "We will email you a Microsoft Teams link the day before."}),
    ("parents-2", "keeping-your-family-safe-online", 79, (18, 30), (20, 0), "nuneaton", 40, 0, 0, {}),
]  # fmt: skip

FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harj", "Isla", "Jack"]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes"]
ORGANISATIONS = [
    ("Northfield Primary School", Sector.SCHOOLS, "Teacher"),
    ("Warwickshire College Group", Sector.FURTHER_HIGHER, "Student support officer"),
    ("South Warwickshire NHS Trust", Sector.HEALTH, "Community nurse"),
    ("Riverside Housing", Sector.VOLUNTARY, "Support worker"),
    ("Little Acorns Nursery", Sector.EARLY_YEARS, "Nursery manager"),
    ("St Mary's Church", Sector.FAITH, "Youth leader"),
    ("Rugby Borough Council", Sector.LOCAL_AUTHORITY, "Housing officer"),
    ("Care at Home Ltd", Sector.COMMISSIONED, "Care co-ordinator"),
]


def invented_delegate(organisation, *, booked_at):
    """The booking fields every invented delegate shares (demo, history and bench data):
    an `organisation` row of ORGANISATIONS and when they booked. The reminder is marked
    as sent, so the reminder job never emails an invented address."""
    name, sector, role = organisation
    return {
        "organisation": name,
        "sector": sector,
        "job_role": role,
        "created_at": booked_at,
        "reminder_sent_at": booked_at,
    }


def upsert(model, lookup, values):
    """Create, or update only the fields that differ: a second run saves nothing."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save()
    return obj


def demo_uuid(name):
    return uuid.uuid5(DEMO_NAMESPACE, name)


def session_day(today, days):
    """today + days, moved on to a working day."""
    day = today + timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def at(day, hour_minute):
    return timezone.make_aware(datetime.combine(day, time(*hour_minute)))


def load(*, stdout, bench=False):
    # The real courses and venues first (a no-op after load_site_content has run).
    site_content.load(report=LoadReport())
    today = timezone.localdate()
    courses = {course.slug: course for course in Course.objects.all()}
    # Venue keys name the real venues of content/data/venues.yaml.
    venues = {
        item["key"]: Venue.objects.get(name=item["name"], town=item["town"])
        for item in read_yaml("venues")
    }
    booking_count = 0
    for key, slug, days, start, end, venue_key, capacity, confirmed, waiting, extra in SESSIONS:
        day = session_day(today, days)
        session = _demo_session(
            key,
            course=courses[slug],
            starts_at=at(day, start),
            ends_at=at(day, end),
            venue=venues.get(venue_key),
            capacity=capacity,
            **extra,
        )
        booking_count += _demo_bookings(session, key, confirmed, waiting, past=days < 0)
    stdout.write(
        f"Training: {len(courses)} courses, {len(venues)} venues, {len(SESSIONS)} sessions, "
        f"{booking_count} demo bookings."
    )
    if bench:
        _bench_sessions(today, courses, venues, stdout)


def _demo_session(key, *, course, starts_at, ends_at, venue, capacity, **extra):
    status = extra.pop("status", Session.Status.SCHEDULED)
    defaults = {
        "course": course,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "booking_closes_at": default_booking_closes_at(starts_at),
        "delivery": Session.Delivery.IN_PERSON if venue else Session.Delivery.ONLINE,
        "venue": venue,
        "capacity": capacity,
        "status": status,
        "room": "",
        "notes": "",
        "joining_instructions": "",
        **extra,
    }
    session = upsert(Session, {"public_id": demo_uuid(f"session:{key}")}, defaults)
    if status == Session.Status.CANCELLED and session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
    return session


def _demo_bookings(session, key, confirmed, waiting, *, past):
    """Fixed demo delegates: the same references on every run."""
    made = 0
    for index in range(confirmed + waiting):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
        is_confirmed = index < confirmed
        reference = "PT-D" + demo_uuid(f"booking:{key}:{index}").hex[:7].upper()
        booked_at = session.starts_at - timedelta(days=30 - index % 20)
        defaults = {
            "session": session,
            "status": Booking.Status.CONFIRMED if is_confirmed else Booking.Status.WAITING,
            "full_name": f"{first} {last}",
            "email": f"{first}.{last}.{key}.{index}@example.com".lower(),
            "phone": f"01632 960{index:03d}",
            **invented_delegate(ORGANISATIONS[index % len(ORGANISATIONS)], booked_at=booked_at),
            "confirmed_at": booked_at if is_confirmed else None,
            "attendance": (
                (Booking.Attendance.ATTENDED if index % 4 else Booking.Attendance.DID_NOT_ATTEND)
                if past and is_confirmed
                else Booking.Attendance.UNKNOWN
            ),
        }
        upsert(Booking, {"reference": reference}, defaults)
        made += 1
    return made


def _bench_sessions(today, courses, venues, stdout):
    """300 more upcoming sessions for `make bench` and the catalogue's query-count check."""
    bookable = [course for course in courses.values() if course.books_online]
    venue_list = list(venues.values())
    for index in range(300):
        day = session_day(today, 7 + index % 180)
        _demo_session(
            f"bench-{index}",
            course=bookable[index % len(bookable)],
            starts_at=at(day, (10, 0)),
            ends_at=at(day, (12, 0)),
            venue=venue_list[index % len(venue_list)],
            capacity=20,
        )
    stdout.write("Training: 300 bench sessions.")
