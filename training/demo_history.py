"""A past year of demo training, for the reports: sessions run and cancelled, bookings,
waiting lists and attendance. Loaded by `manage.py load_demo_content` after training.demo
(whose courses and venues it uses).

Sessions are dated back from the day the command runs and keep a fixed identity, as in
training.demo; each one's delegates are invented (example.com addresses) and drawn from a
random generator seeded with the session's name, so a second run adds, changes and
duplicates nothing. With `bench`, about 20,000 more bookings are added for `make bench`.

In local development only (DEBUG), it also makes a demo training administrator with a
published password, so the reports can be seen as that role.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.demo import demo_staff_user

from .demo import ORGANISATIONS, at, demo_uuid, invented_delegate, session_day, upsert
from .models import Booking, Course, Session, Venue, default_booking_closes_at

DEMO_TRAINER_USERNAME = "trainer"

# (course slug, capacity, start, end, how popular: booked places per place offered)
COURSES = [
    ("workshop-to-raise-awareness-of-prevent", 25, (10, 0), (12, 0), 1.05),
    ("prevent-update-training", 20, (10, 0), (12, 0), 1.2),
    ("prevent-online-grooming", 30, (13, 30), (15, 30), 0.8),
    ("train-the-trainer", 12, (9, 30), (12, 30), 1.3),
    ("keeping-your-family-safe-online", 40, (18, 30), (20, 0), 0.55),
]
VENUE_NAMES = [
    ("Shire Hall", "Warwick"),
    ("Town Hall", "Nuneaton"),
    ("Town Hall", "Rugby"),
    ("Elizabeth House", "Stratford-upon-Avon"),
    ("Town Hall", "Leamington Spa"),
    ("Mancetter Memorial Hall", "Mancetter"),
    None,  # online
]
SESSIONS = 52  # about one a week over the past year
BENCH_SESSIONS = 1000  # about 21 bookings each: the 20,000 bookings of `make bench`


def load(*, stdout, bench=False):
    slugs = [slug for slug, *_rest in COURSES]
    courses = {course.slug: course for course in Course.objects.filter(slug__in=slugs)}
    venues = {(venue.name, venue.town): venue for venue in Venue.objects.all()}
    if len(courses) < len(COURSES):
        stdout.write("Training history: the demo courses are missing; run training.demo first.")
        return
    today = timezone.localdate()
    made = 0
    for index in range(SESSIONS):
        made += _history_session(f"history-{index}", index, today, courses, venues, SESSIONS)
    stdout.write(f"Training history: {SESSIONS} past sessions, {made} bookings added.")
    if bench:
        made = 0
        for index in range(BENCH_SESSIONS):
            made += _history_session(
                f"bench-history-{index}", index, today, courses, venues, BENCH_SESSIONS
            )
        stdout.write(f"Training history: {BENCH_SESSIONS} bench sessions, {made} bookings added.")
    if settings.DEBUG:
        demo_trainer(stdout)


def _history_session(key, index, today, courses, venues, count):
    """One past session and its bookings; returns how many bookings were added."""
    slug, capacity, start, end, popularity = COURSES[index % len(COURSES)]
    venue_name = VENUE_NAMES[index % len(VENUE_NAMES)]
    venue = venues.get(venue_name) if venue_name else None
    # Spread over the past year, the most recent a week ago.
    day = session_day(today, -7 - (index * 358) // count)
    if day >= today:
        day = today - timedelta(days=7)
    starts_at = at(day, start)
    cancelled = index % 13 == 5
    session = upsert(
        Session,
        {"public_id": demo_uuid(f"session:{key}")},
        {
            "course": courses[slug],
            "starts_at": starts_at,
            "ends_at": at(day, end),
            "booking_closes_at": default_booking_closes_at(starts_at),
            "delivery": Session.Delivery.IN_PERSON if venue else Session.Delivery.ONLINE,
            "venue": venue,
            "capacity": capacity,
            "status": Session.Status.CANCELLED if cancelled else Session.Status.SCHEDULED,
            "cancelled_at": starts_at - timedelta(days=10) if cancelled else None,
        },
    )
    existing = set(session.bookings.values_list("reference", flat=True))
    bookings = [
        booking
        for booking in _bookings(session, key, capacity, popularity, cancelled)
        if booking.reference not in existing
    ]
    Booking.objects.bulk_create(bookings, batch_size=500)
    return len(bookings)


def _bookings(session, key, capacity, popularity, cancelled):
    """The session's invented delegates, the same on every run (seeded by the key)."""
    rng = random.Random(key)  # noqa: S311 (demo data, not security)
    wanted = max(1, round(capacity * popularity * rng.uniform(0.6, 1.25)))
    dropped_out = promoted = 0
    for number in range(wanted):
        organisation = ORGANISATIONS[rng.randrange(len(ORGANISATIONS))]
        created_at = session.starts_at - timedelta(days=40 - number * 30 // wanted, hours=number)
        booking = Booking(
            session=session,
            reference="PT-H" + demo_uuid(f"booking:{key}:{number}").hex[:7].upper(),
            full_name=f"Demo Delegate {number + 1}",
            email=f"delegate.{number + 1}.{key}@example.com",
            phone="01632 960000",
            **invented_delegate(organisation, booked_at=created_at),
        )
        arrived_when_full = number >= capacity
        if cancelled:
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_by = Booking.CancelledBy.SESSION
            booking.cancelled_at = session.cancelled_at
            booking.confirmed_at = None if arrived_when_full else created_at
        elif arrived_when_full and promoted < dropped_out:
            # Waited, then took the place someone gave up.
            promoted += 1
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = created_at + timedelta(days=7)
            booking.attendance = _attendance(rng)
        elif arrived_when_full:
            booking.status = Booking.Status.WAITING
        elif rng.random() < 0.08:
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_by = Booking.CancelledBy.DELEGATE
            booking.confirmed_at = created_at
            booking.cancelled_at = created_at + timedelta(days=5)
            dropped_out += 1
        else:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = created_at
            booking.attendance = _attendance(rng)
        yield booking


def _attendance(rng):
    draw = rng.random()
    if draw < 0.84:
        return Booking.Attendance.ATTENDED
    if draw < 0.96:
        return Booking.Attendance.DID_NOT_ATTEND
    return Booking.Attendance.UNKNOWN


def demo_trainer(stdout):
    """The training administrator of the local demo, who sees the training reports."""
    return demo_staff_user(DEMO_TRAINER_USERNAME)
