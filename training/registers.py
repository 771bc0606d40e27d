"""Session registers: the confirmed delegates of a session, as CSV or as a printable page."""

import csv
import io

from django.utils import timezone

from .models import Booking

COLUMNS = [
    ("Reference", "reference"),
    ("Name", "full_name"),
    ("Organisation", "organisation"),
    ("Sector", "get_sector_display"),
    ("Job role", "job_role"),
    ("Email", "email"),
    ("Telephone", "phone"),
    ("Access or dietary needs", "needs"),
    ("Attendance", "get_attendance_display"),
]
# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def register_bookings(session):
    return list(
        session.bookings.filter(status=Booking.Status.CONFIRMED).order_by("full_name", "pk")
    )


def register_csv(sessions):
    """One CSV for one or more sessions; the first columns say which session."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Course", "Date", "Time", "Place", *(label for label, _ in COLUMNS)])
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        prefix = [
            session.course.title,
            f"{start:%Y-%m-%d}",
            session.time_display,
            session.place_name,
        ]
        for booking in register_bookings(session):
            values = [getattr(booking, attribute) for _, attribute in COLUMNS]
            values = [value() if callable(value) else value for value in values]
            writer.writerow([safe_cell(value) for value in [*prefix, *values]])
    return out.getvalue()


def register_filename(sessions):
    if len(sessions) == 1:
        session = sessions[0]
        return (
            f"register-{session.course.slug}-{timezone.localtime(session.starts_at):%Y-%m-%d}.csv"
        )
    return f"registers-{timezone.localdate():%Y-%m-%d}.csv"
