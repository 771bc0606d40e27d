"""Training figures against a hand-counted history that crosses a financial year end.

The history (period: 1 January to 30 June 2026, "now" 20 June 2026):
- S1 course A, Shire Hall Warwick, 15 December 2025: before the period.
- S2 course A, Shire Hall Warwick, 20 January 2026, 20 places: 19 booked straight away
  and 1 promoted from the waiting list (15 attended, 4 did not, 1 not recorded); 1
  delegate cancelled; 2 still waiting when it ran.
- S3 course B, online, 31 March 2026 at 11:30pm (BST): 10 places, 8 booked (6 attended,
  2 did not). Still March in London, and still the 2025 to 2026 financial year.
- S4 course B, Town Hall Rugby, 1 April 2026 at 00:30 (BST, so 31 March in UTC):
  12 places, 12 booked (10 attended, 2 not recorded), 3 left waiting.
- S5 course A, Town Hall Rugby, 10 May 2026, cancelled: 5 places booked and 1 person
  waiting, all cancelled with it.
- S6 course A, Shire Hall Warwick, 25 June 2026: still to run, 4 booked.
- S7 course B, online, 1 July 2026: after the period.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from reports.periods import Period, financial_year
from reports.training_figures import training_report, training_tables
from training.models import Booking

from . import factories as f

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 20, 12, 0, tzinfo=LONDON)
PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
ATTENDED = Booking.Attendance.ATTENDED
DID_NOT_ATTEND = Booking.Attendance.DID_NOT_ATTEND
CONFIRMED, WAITING, CANCELLED = (
    Booking.Status.CONFIRMED,
    Booking.Status.WAITING,
    Booking.Status.CANCELLED,
)


@pytest.fixture
def history(db):
    course_a = f.course("Course A", order=1)
    course_b = f.course("Course B", order=2)
    warwick = f.venue("Shire Hall", "Warwick")
    rugby = f.venue("Town Hall", "Rugby")

    s1 = f.session(course_a, f.on(2025, 12, 15), venue=warwick, capacity=10)
    f.bookings(s1, 5, attendance=ATTENDED)

    s2 = f.session(course_a, f.on(2026, 1, 20), venue=warwick, capacity=20)
    f.bookings(s2, 14, attendance=ATTENDED)
    f.bookings(s2, 1, attendance=ATTENDED, promoted=True)
    f.bookings(s2, 4, attendance=DID_NOT_ATTEND)
    f.bookings(s2, 1)
    f.bookings(s2, 1, status=CANCELLED, sector="voluntary")
    f.bookings(s2, 2, status=WAITING, placed=False, sector="voluntary")

    s3 = f.session(course_b, f.london(date(2026, 3, 31), 23, 30), capacity=10)
    f.bookings(s3, 6, attendance=ATTENDED, sector="health")
    f.bookings(s3, 2, attendance=DID_NOT_ATTEND, sector="health")

    s4 = f.session(course_b, f.london(date(2026, 4, 1), 0, 30), venue=rugby, capacity=12)
    f.bookings(s4, 10, attendance=ATTENDED, sector="police")
    f.bookings(s4, 2, sector="police")
    f.bookings(s4, 3, status=WAITING, placed=False, sector="police")

    s5 = f.session(course_a, f.on(2026, 5, 10), venue=rugby, capacity=15, cancelled=True)
    f.bookings(s5, 5, status=CANCELLED)
    f.bookings(s5, 1, status=CANCELLED, placed=False)

    s6 = f.session(course_a, f.on(2026, 6, 25), venue=warwick, capacity=20)
    f.bookings(s6, 4)

    s7 = f.session(course_b, f.on(2026, 7, 1), capacity=10)
    f.bookings(s7, 3)


def figures(report_rows, label):
    return dict(report_rows)[label]


def test_totals_for_a_period_crossing_the_financial_year_end(history):
    totals = training_report(PERIOD, now=NOW).totals
    assert (totals.run, totals.cancelled, totals.upcoming) == (3, 1, 1)
    assert totals.offered == 20 + 10 + 12
    assert totals.booked == 20 + 8 + 12
    assert (totals.attended, totals.did_not_attend, totals.not_recorded) == (31, 6, 3)
    assert totals.fill_rate == pytest.approx(40 / 42)
    assert totals.no_show_rate == pytest.approx(6 / 37)
    assert (totals.joined_waiting, totals.placed_from_waiting, totals.not_placed) == (7, 1, 6)


def test_by_month_uses_london_days_and_lists_every_month(history):
    by_month = dict(training_report(PERIOD, now=NOW).by_month)
    assert list(by_month) == [date(2026, month, 1) for month in range(1, 7)]
    january, february, march, april, may, june = by_month.values()
    assert (january.run, january.offered, january.booked, january.attended) == (1, 20, 20, 15)
    assert (february.run, february.booked) == (0, 0)
    # 11:30pm on 31 March is March; 00:30 on 1 April is April, though UTC says March.
    assert (march.run, march.offered, march.booked, march.did_not_attend) == (1, 10, 8, 2)
    assert (april.run, april.offered, april.booked, april.not_recorded) == (1, 12, 12, 2)
    assert (april.joined_waiting, april.not_placed) == (3, 3)
    assert (may.run, may.cancelled, may.offered, may.booked) == (0, 1, 0, 0)
    assert (may.joined_waiting, may.not_placed) == (1, 1)
    assert (june.run, june.upcoming, june.offered, june.booked) == (0, 1, 0, 0)


def test_financial_year_includes_31_march_late_evening_but_not_1_april(history):
    period = financial_year(date(2026, 3, 31))
    assert period == Period(date(2025, 4, 1), date(2026, 3, 31))
    totals = training_report(period, now=NOW).totals
    # S1, S2 and S3 ran; S4 (1 April, London time) belongs to the next year.
    assert (totals.run, totals.offered, totals.booked) == (3, 10 + 20 + 10, 5 + 20 + 8)


def test_by_course_and_by_venue(history):
    report = training_report(PERIOD, now=NOW)
    assert [label for label, _ in report.by_course] == ["Course A", "Course B"]
    course_a = figures(report.by_course, "Course A")
    assert (course_a.run, course_a.cancelled, course_a.upcoming) == (1, 1, 1)
    assert (course_a.offered, course_a.booked, course_a.attended) == (20, 20, 15)
    assert course_a.fill_rate == 1
    course_b = figures(report.by_course, "Course B")
    assert (course_b.run, course_b.offered, course_b.booked) == (2, 22, 20)
    assert (course_b.attended, course_b.did_not_attend) == (16, 2)
    assert course_b.no_show_rate == pytest.approx(2 / 18)

    assert [label for label, _ in report.by_venue] == [
        "Town Hall, Rugby",
        "Shire Hall, Warwick",
        "Online",
    ]
    rugby = figures(report.by_venue, "Town Hall, Rugby")
    assert (rugby.run, rugby.cancelled, rugby.offered, rugby.booked) == (1, 1, 12, 12)
    warwick = figures(report.by_venue, "Shire Hall, Warwick")
    assert (warwick.run, warwick.upcoming, warwick.offered, warwick.booked) == (1, 1, 20, 20)
    online = figures(report.by_venue, "Online")
    assert (online.run, online.offered, online.booked) == (1, 10, 8)


def test_by_sector_counts_only_places_booked_on_sessions_that_ran(history):
    by_sector = dict(training_report(PERIOD, now=NOW).by_sector)
    assert len(by_sector) == 11  # every sector, even with nobody in it
    schools, health, police = (
        by_sector["Schools and education"],
        by_sector["Health"],
        by_sector["Police"],
    )
    assert (schools.booked, schools.attended, schools.did_not_attend) == (20, 15, 4)
    assert (health.booked, health.attended, health.did_not_attend) == (8, 6, 2)
    assert (police.booked, police.attended, police.did_not_attend) == (12, 10, 0)
    # Cancelled and waiting delegates were "voluntary": none of them counts here.
    assert by_sector["Voluntary and community"].booked == 0


def test_waiting_list_demand_by_course_and_month(history):
    rows = [
        (title, month, figures.joined_waiting, figures.placed_from_waiting, figures.not_placed)
        for title, month, figures in training_report(PERIOD, now=NOW).waiting_by_course_month
    ]
    assert rows == [
        ("Course A", date(2026, 1, 1), 3, 1, 2),
        ("Course A", date(2026, 5, 1), 1, 0, 1),
        ("Course B", date(2026, 4, 1), 3, 0, 3),
    ]


def test_tables_show_the_rates_as_whole_percentages(history):
    tables = {table.slug: table for table in training_tables(training_report(PERIOD, now=NOW))}
    summary = {row[0][1]: row[1][1] for row in tables["training-summary"].display_rows()}
    assert summary["Fill rate"] == "95%"  # 40 of 42
    assert summary["No-show rate"] == "16%"  # 6 of 37 recorded
    assert summary["Did not get a place"] == "6"
    by_course = tables["training-by-course"]
    total = {column.key: text for column, text in by_course.display_total()}
    assert total["offered"] == "42" and total["booked"] == "40" and total["fill_rate"] == "95%"
    months = [row[0][1] for row in tables["training-by-month"].display_rows()]
    assert months[0] == "January 2026" and months[-1] == "June 2026"


def test_an_empty_period_has_no_rates_and_no_division_by_zero(db):
    report = training_report(Period(date(2020, 1, 1), date(2020, 1, 31)), now=NOW)
    assert report.totals.fill_rate is None and report.totals.no_show_rate is None
    tables = {table.slug: table for table in training_tables(report)}
    summary = {row[0][1]: row[1][1] for row in tables["training-summary"].display_rows()}
    assert summary["Fill rate"] == "n/a"
    assert not tables["training-by-course"].has_rows


def test_the_report_takes_four_queries_whatever_the_size(history, django_assert_num_queries):
    # Sessions, bookings, sectors, and the attendees' feedback (training.feedback).
    with django_assert_num_queries(4):
        training_report(PERIOD, now=NOW)
