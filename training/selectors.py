"""Reads shared by the catalogue, course pages, the booking journey and the calendar feed."""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import Booking, CancellationToken, Course, Session

ONLINE_PLACE = "online"


def upcoming_sessions():
    """Scheduled sessions that have not started, with course and venue and place counts."""
    return (
        Session.objects.upcoming()
        .filter(course__is_published=True)
        .select_related("course", "venue")
        .with_places()
        .order_by("starts_at", "pk")
    )


@dataclass
class CatalogueFilters:
    course: str = ""
    place: str = ""
    month: str = ""

    @property
    def active(self):
        return bool(self.course or self.place or self.month)


def month_value(day):
    return f"{day:%Y-%m}"


def catalogue(filters, *, courses):
    """The courses to list, each given `upcoming`: its (filtered) upcoming sessions.

    One query whatever the number of sessions (places are counted in it); `courses`
    is the published courses, already fetched for the filter form.
    """
    sessions = upcoming_sessions()
    if filters.course:
        sessions = sessions.filter(course__slug=filters.course)
    if filters.place == ONLINE_PLACE:
        sessions = sessions.filter(delivery=Session.Delivery.ONLINE)
    elif filters.place:
        sessions = sessions.filter(venue__town=filters.place, delivery=Session.Delivery.IN_PERSON)
    if filters.month:
        try:
            year, month = (int(part) for part in filters.month.split("-"))
            first = date(year, month, 1)
        except ValueError:
            first = None
        if first:
            sessions = sessions.filter(starts_at__year=first.year, starts_at__month=first.month)
    by_course = OrderedDict((course.pk, []) for course in courses)
    for session in sessions:
        by_course.setdefault(session.course_id, []).append(session)
    listed = []
    for course in courses:
        course.upcoming = by_course.get(course.pk, [])
        # With a filter on, only courses that have matching sessions are listed.
        if filters.active and not course.upcoming:
            continue
        if filters.course and course.slug != filters.course:
            continue
        listed.append(course)
    return listed


def filter_options():
    """(months, towns, has_online) that upcoming sessions actually have, in one query."""
    rows = (
        Session.objects.upcoming()
        .filter(course__is_published=True)
        .annotate(month=TruncMonth("starts_at"))
        .values_list("month", "delivery", "venue__town")
        .distinct()
    )
    months, towns, has_online = set(), set(), False
    for month, delivery, town in rows:
        months.add(timezone.localtime(month).date())
        if delivery == Session.Delivery.ONLINE:
            has_online = True
        elif town:
            towns.add(town)
    return sorted(months), sorted(towns), has_online


def session_for_booking(public_id):
    """A bookable course's session with exact place counts, counted now.

    Two queries: the session with its course and venue, then its places. Raises
    Session.DoesNotExist for an unknown id or a course that is not booked online.
    """
    session = _bookable_session(public_id)
    session.places_taken, session.waiting_count = places_now(public_id)
    session.places_left = max(session.capacity - session.places_taken, 0)
    return session


def places_now(public_id):
    """(confirmed, waiting) bookings of a session, counted now, or None for an unknown id.

    Plain SQL: every booking page runs it (the first one as part of its page cache key),
    and the ORM takes three times longer to build this one-line query than the database
    takes to answer it (the index on session, status answers it).
    """
    sessions = connection.ops.quote_name(Session._meta.db_table)
    bookings = connection.ops.quote_name(Booking._meta.db_table)
    sql = (
        f"SELECT COUNT(b.id) FILTER (WHERE b.status = %s), "  # noqa: S608 (names from the models, values as parameters)
        f"COUNT(b.id) FILTER (WHERE b.status = %s) FROM {sessions} s "
        f"LEFT JOIN {bookings} b ON b.session_id = s.id WHERE s.public_id = %s GROUP BY s.id"
    )
    key = Session._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [Booking.Status.CONFIRMED, Booking.Status.WAITING, key])
        return cursor.fetchone()


def places_key(public_id):
    """The first booking page's part of its page cache key: its places counted now, or
    None for an unknown session (rendered, so it gets its 404).

    Its copies are retired by the "training" scope when a session or booking is saved; the
    counts in the key keep it exact after writes that send no signal too.
    """
    counts = places_now(public_id)
    return None if counts is None else "places:{}:{}".format(*counts)


def _bookable_session(public_id):
    return (
        Session.objects.filter(
            public_id=public_id,
            course__is_published=True,
            course__booking_method=Course.BookingMethod.ONLINE,
        )
        .select_related("course", "venue")
        .get()
    )


def course_page(slug):
    """A published course with its upcoming sessions (places counted) and testimonials."""
    course = Course.objects.published().get(slug=slug)
    course.upcoming = list(upcoming_sessions().filter(course=course))
    return course


def has_active_booking(*, session, email):
    return session.bookings.filter(
        email__iexact=email.strip(),
        status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITING],
    ).exists()


def booking_for_cancel_token(token):
    """The booking a cancel link belongs to, or None for a token that was never issued."""
    from .notifications import hash_token

    found = (
        CancellationToken.objects.filter(token_hash=hash_token(token))
        .select_related("booking__session__course", "booking__session__venue")
        .first()
    )
    return found.booking if found else None
