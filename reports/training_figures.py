"""Training figures for a report period: reach, take-up, attendance and unmet demand.

What counts (the notes on the reports page say the same):
- A session belongs to the period when it starts in it (days in Europe/London).
- A session has *run* when it was not cancelled and has started; *cancelled* sessions
  and sessions *still to run* are counted apart and offer no places.
- *Places offered* are the capacity of the sessions that ran; *places booked* the
  confirmed bookings on them (a booking cancelled before the day does not count).
- *Attended* and *did not attend* are as recorded on the register; the rest of the
  booked places are *not recorded*.
- *Fill rate* = booked / offered. *No-show rate* = did not attend / (attended + did not
  attend): places whose attendance was never recorded are left out of it.
- *Waiting-list demand*, on every session in the period (run, cancelled or still to
  run): people who joined a waiting list; of them, those *later given a place* and
  those who *did not get a place* (including people still waiting for a session to
  come). A booking confirmed the moment it was made never waited.

Everything is counted in the database in four grouped queries (the last is the
attendees' feedback, training.feedback), whatever the number
of sessions and bookings; Python only adds the groups up.
"""

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from reports.periods import LONDON, month_label
from reports.tables import AUTO, TEXT, Chart, Column, Table, rate
from reports.training_feedback import feedback_table
from training.feedback import feedback_by_course
from training.models import Booking, Sector, Session

ONLINE = "online"


@dataclass
class Figures:
    run: int = 0
    cancelled: int = 0
    upcoming: int = 0
    offered: int = 0
    booked: int = 0
    attended: int = 0
    did_not_attend: int = 0
    joined_waiting: int = 0
    placed_from_waiting: int = 0
    not_placed: int = 0

    def add(self, row):
        for name in FIGURE_NAMES:
            if name in row:
                setattr(self, name, getattr(self, name) + (row[name] or 0))
        return self

    @property
    def not_recorded(self):
        return self.booked - self.attended - self.did_not_attend

    @property
    def fill_rate(self):
        return rate(self.booked, self.offered)

    @property
    def no_show_rate(self):
        return rate(self.did_not_attend, self.attended + self.did_not_attend)


FIGURE_NAMES = tuple(item.name for item in fields(Figures))


@dataclass
class TrainingReport:
    period: object
    totals: Figures
    by_month: list  # [(first day of month, Figures)] for every month of the period
    by_course: list  # [(course title, Figures)] for courses with sessions in the period
    by_venue: list  # [(venue name, Figures)]; online sessions together, last
    by_sector: list  # [(sector label, Figures)] for every sector
    waiting_by_course_month: list  # [(course title, month, Figures)] where anyone waited
    # [{"title", "responses", "useful", "confident", "may_publish"}] (training.feedback)
    feedback: list = None


def training_report(period, *, now=None):
    """Every training figure for `period`, in four queries."""
    now = now or timezone.now()
    in_period = Q(starts_at__gte=period.start_at, starts_at__lt=period.end_before)
    held = Q(status=Session.Status.SCHEDULED, starts_at__lte=now)

    session_rows = list(
        Session.objects.filter(in_period)
        .order_by()
        .annotate(
            year=ExtractYear("starts_at", tzinfo=LONDON),
            month=ExtractMonth("starts_at", tzinfo=LONDON),
        )
        .values(
            "year",
            "month",
            "course_id",
            "course__title",
            "course__order",
            "delivery",
            "venue_id",
            "venue__name",
            "venue__town",
        )
        .annotate(
            run=Count("pk", filter=held),
            cancelled=Count("pk", filter=Q(status=Session.Status.CANCELLED)),
            upcoming=Count("pk", filter=Q(status=Session.Status.SCHEDULED, starts_at__gt=now)),
            offered=Sum("capacity", filter=held, default=0),
        )
    )

    booked_on_held = Q(session__status=Session.Status.SCHEDULED, session__starts_at__lte=now) & Q(
        status=Booking.Status.CONFIRMED
    )
    never_placed = Q(confirmed_at__isnull=True)
    placed_later = Q(confirmed_at__gt=F("created_at"))
    bookings = Booking.objects.filter(
        session__starts_at__gte=period.start_at, session__starts_at__lt=period.end_before
    ).order_by()
    attendance_counts = {
        "booked": Count("pk", filter=booked_on_held),
        "attended": Count("pk", filter=booked_on_held & Q(attendance=Booking.Attendance.ATTENDED)),
        "did_not_attend": Count(
            "pk", filter=booked_on_held & Q(attendance=Booking.Attendance.DID_NOT_ATTEND)
        ),
    }
    booking_rows = list(
        bookings.annotate(
            year=ExtractYear("session__starts_at", tzinfo=LONDON),
            month=ExtractMonth("session__starts_at", tzinfo=LONDON),
        )
        .values("year", "month", "session__course_id", "session__delivery", "session__venue_id")
        .annotate(
            **attendance_counts,
            joined_waiting=Count("pk", filter=never_placed | placed_later),
            placed_from_waiting=Count("pk", filter=placed_later),
            not_placed=Count("pk", filter=never_placed),
        )
    )
    sector_rows = list(
        bookings.filter(booked_on_held).values("sector").annotate(**attendance_counts)
    )
    report = _assemble(period, session_rows, booking_rows, sector_rows)
    report.feedback = feedback_by_course(start_at=period.start_at, end_before=period.end_before)
    return report


def _venue_key(delivery, venue_id):
    return ONLINE if delivery == Session.Delivery.ONLINE or venue_id is None else venue_id


def _assemble(period, session_rows, booking_rows, sector_rows):
    totals = Figures()
    by_month = {month: Figures() for month in period.months()}
    by_course, by_venue = defaultdict(Figures), defaultdict(Figures)
    course_names, course_order, venue_names = {}, {}, {}
    waiting = defaultdict(Figures)

    for row in session_rows:
        month = date(row["year"], row["month"], 1)
        venue = _venue_key(row["delivery"], row["venue_id"])
        course_names[row["course_id"]] = row["course__title"]
        course_order[row["course_id"]] = (row["course__order"], row["course__title"])
        if venue != ONLINE:
            venue_names[venue] = (row["venue__town"], row["venue__name"])
        for figures in (totals, by_month[month], by_course[row["course_id"]], by_venue[venue]):
            figures.add(row)

    for row in booking_rows:
        month = date(row["year"], row["month"], 1)
        course = row["session__course_id"]
        venue = _venue_key(row["session__delivery"], row["session__venue_id"])
        for figures in (totals, by_month[month], by_course[course], by_venue[venue]):
            figures.add(row)
        if row["joined_waiting"]:
            waiting[(course, month)].add(row)

    sectors = {row["sector"]: Figures().add(row) for row in sector_rows}
    by_sector = [(label, sectors.pop(value, Figures())) for value, label in Sector.choices]
    # A sector no longer on the list (kept on old bookings) still adds up to the total.
    by_sector += [(value or "Not recorded", figures) for value, figures in sectors.items()]

    courses = sorted(by_course, key=lambda course: course_order[course])
    venues = sorted(by_venue, key=lambda venue: (venue == ONLINE, venue_names.get(venue, ())))
    return TrainingReport(
        period=period,
        totals=totals,
        by_month=list(by_month.items()),
        by_course=[(course_names[course], by_course[course]) for course in courses],
        by_venue=[
            (
                "Online" if venue == ONLINE else ", ".join(reversed(venue_names[venue])),
                by_venue[venue],
            )
            for venue in venues
        ],
        by_sector=by_sector,
        waiting_by_course_month=[
            (course_names[course], month, figures)
            for (course, month), figures in sorted(
                waiting.items(), key=lambda item: (course_order[item[0][0]], item[0][1])
            )
        ],
    )


# --- Tables ----------------------------------------------------------------------------------

SESSION_COLUMNS = [
    Column("run", "Sessions run"),
    Column("cancelled", "Sessions cancelled"),
    Column("upcoming", "Sessions still to run"),
    Column("offered", "Places offered"),
    Column("booked", "Places booked"),
    Column("attended", "Attended"),
    Column("did_not_attend", "Did not attend"),
    Column("fill_rate", "Fill rate", "percent"),
    Column("no_show_rate", "No-show rate", "percent"),
]
SECTOR_COLUMNS = [
    Column("booked", "Places booked"),
    Column("attended", "Attended"),
    Column("did_not_attend", "Did not attend"),
    Column("no_show_rate", "No-show rate", "percent"),
]
WAITING_COLUMNS = [
    Column("joined_waiting", "Joined a waiting list"),
    Column("placed_from_waiting", "Later given a place"),
    Column("not_placed", "Did not get a place"),
]
PLACES_CHART = Chart(series=("offered", "booked", "attended"))
WAITING_CHART = Chart(series=("joined_waiting", "not_placed"))
# The figures of "Training at a glance", each a Figures attribute, in the page's order.
SUMMARY = [
    ("run", "Sessions run"),
    ("cancelled", "Sessions cancelled"),
    ("upcoming", "Sessions still to run"),
    ("offered", "Places offered"),
    ("booked", "Places booked"),
    ("attended", "Attended"),
    ("did_not_attend", "Did not attend"),
    ("not_recorded", "Attendance not recorded"),
    ("fill_rate", "Fill rate"),
    ("no_show_rate", "No-show rate"),
    ("joined_waiting", "Joined a waiting list"),
    ("not_placed", "Did not get a place"),
]
# What a breakdown table counts: its columns after the label, and the chart of them.
SESSIONS = (SESSION_COLUMNS, PLACES_CHART)
SECTORS = (SECTOR_COLUMNS, Chart(series=("booked", "attended")))
WAITING = (WAITING_COLUMNS, WAITING_CHART)
RATE_NOTE = (
    "Fill rate is places booked out of places offered. No-show rate is the share of "
    "delegates whose attendance was recorded who did not attend."
)
SECTOR_NOTE = "The sector each delegate gave when they booked."
WAITING_NOTE = (
    "Did not get a place includes people still waiting for a session that has not "
    "happened yet, and people who left the waiting list."
)


def _row(label, figures, **extra):
    row = {"label": label, **extra}
    for name in (
        "run",
        "cancelled",
        "upcoming",
        "offered",
        "booked",
        "attended",
        "did_not_attend",
        "not_recorded",
        "fill_rate",
        "no_show_rate",
        "joined_waiting",
        "placed_from_waiting",
        "not_placed",
    ):
        row[name] = getattr(figures, name)
    return row


@dataclass(frozen=True)
class Grouping:
    """What a breakdown table's rows are: (label, Figures) pairs under `heading`."""

    heading: str
    groups: list
    total: dict
    empty_message: str = Table.empty_message


def _breakdown(slug, title, grouping, measures, *notes):
    columns, chart = measures
    return Table(
        slug=slug,
        title=title,
        columns=[Column("label", grouping.heading, TEXT), *columns],
        rows=[_row(label, figures) for label, figures in grouping.groups],
        total=grouping.total,
        chart=chart,
        notes=list(notes),
        empty_message=grouping.empty_message,
    )


def training_tables(report):
    """The training section's tables (and their charts), in the order the page shows them."""
    totals = report.totals
    summary_rows = [
        {"key": key, "label": label, "value": getattr(totals, key)} for key, label in SUMMARY
    ]
    total_row = _row("Total", totals)
    sector_total = Figures()
    for _label, figures in report.by_sector:
        sector_total.add(_row("", figures))
    no_sessions = "No sessions in this period."
    by_month = Grouping(
        "Month", [(month_label(month), figures) for month, figures in report.by_month], total_row
    )
    by_course = Grouping("Course", report.by_course, total_row, no_sessions)
    by_venue = Grouping("Venue", report.by_venue, total_row, no_sessions)
    by_sector = Grouping("Sector", report.by_sector, _row("Total", sector_total))
    return [
        Table(
            slug="training-summary",
            title="Training at a glance",
            columns=[Column("label", "Measure", TEXT), Column("value", "Number", AUTO)],
            rows=summary_rows,
            chart=Chart(
                series=("value",), only_rows=("offered", "booked", "attended", "did_not_attend")
            ),
            notes=[RATE_NOTE],
        ),
        _breakdown("training-by-month", "Sessions and places by month", by_month, SESSIONS),
        _breakdown("training-by-course", "Sessions and places by course", by_course, SESSIONS),
        _breakdown("training-by-venue", "Sessions and places by venue", by_venue, SESSIONS),
        _breakdown("training-by-sector", "Delegates by sector", by_sector, SECTORS, SECTOR_NOTE),
        _breakdown(
            "training-waiting-by-course",
            "Waiting-list demand by course",
            by_course,
            WAITING,
            WAITING_NOTE,
        ),
        _breakdown("training-waiting-by-month", "Waiting-list demand by month", by_month, WAITING),
        Table(
            slug="training-waiting-by-course-and-month",
            title="Where people could not get a place: course and month",
            columns=[
                Column("course", "Course", TEXT),
                Column("month", "Month", TEXT),
                *WAITING_COLUMNS,
            ],
            rows=[
                _row(
                    f"{title}, {month_label(month)}",
                    figures,
                    course=title,
                    month=month_label(month),
                )
                for title, month, figures in report.waiting_by_course_month
            ],
            total=_row("Total", totals, course="Total", month=""),
            chart=Chart(series=("not_placed",)),
            notes=["Only the courses and months where someone joined a waiting list."],
            empty_message="Nobody joined a waiting list in this period.",
        ),
        feedback_table(report.feedback or []),
    ]
