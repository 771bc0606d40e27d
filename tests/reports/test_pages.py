"""The reports page, the printable summary and the CSV downloads, as a client sees them."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referrals.models import Stage
from reports.periods import Period
from training.models import Booking

from . import factories as f

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
JAN_TO_JUN = Period(date(2026, 1, 1), date(2026, 6, 30))


def url(path, period=JAN_TO_JUN):
    return f"{path}?{period.query()}"


def count_tables(response, prefix):
    """{table slug: (cell texts, SVG texts)} for the count tables whose slug has `prefix`.

    The time-taken table is left out: its figures are days, not counts of people.
    """
    html = response.content.decode()
    found = {}
    for chunk in re.split(r'<div class="app-report-table [^"]*" id="', html)[1:]:
        slug, body = chunk.split('"', 1)
        if not slug.startswith(prefix) or slug.endswith("time-taken"):
            continue
        cells = [strip(text) for text in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", body, re.S)]
        svg_texts = [strip(text) for text in re.findall(r"<text\b[^>]*>(.*?)</text>", body, re.S)]
        found[slug] = (cells, svg_texts)
    return found


def strip(text):
    return re.sub(r"<[^>]+>", "", text).strip()


@pytest.fixture
def small_numbers(db):
    """Referrals whose breakdowns are full of counts from 1 to 4."""
    for district, count in (("rugby", 3), ("warwick", 1), ("nuneaton_and_bedworth", 12)):
        f.referrals(count, f.on(2026, 2, 10), district=district, age_band="18_24")
    f.referrals(2, f.on(2026, 3, 5), district="north_warwickshire", concern="incel")
    f.referrals(
        6,
        f.on(2026, 4, 2),
        district="stratford_on_avon",
        stages=[(1, Stage.SHARED_WITH_POLICE), (3, Stage.SIGNPOSTED)],
    )


SMALL = re.compile(r"[1-4]")


def test_no_table_or_chart_on_the_page_shows_a_count_from_1_to_4(small_numbers, officer_client):
    response = officer_client.get(url("/admin/reports/"))
    assert response.status_code == 200
    tables = count_tables(response, "referrals-")
    assert len(tables) == 6
    cells = [cell for table_cells, _svg in tables.values() for cell in table_cells]
    svg_texts = [text for _cells, table_svg in tables.values() for text in table_svg]
    assert "fewer than 5" in cells and "not shown" in cells
    assert "fewer than 5" in svg_texts
    assert not [cell for cell in cells if SMALL.fullmatch(cell)]
    assert not [text for text in svg_texts if SMALL.fullmatch(text)]
    html = response.content.decode()
    for description in re.findall(r'<desc id="chart-referrals-by[^>]*>(.*?)</desc>', html):
        assert not re.search(r"\b[1-4]\b", description), description


def test_no_csv_shows_a_count_from_1_to_4(small_numbers, officer_client):
    response = officer_client.get(url("/admin/reports/"))
    links = sorted(
        set(
            re.findall(
                r'href="(/admin/reports/referrals-[^"]+\.csv\?[^"]+)"', response.content.decode()
            )
        )
    )
    assert len(links) == 7
    hidden_seen = False
    for link in links:
        download = officer_client.get(link.replace("&amp;", "&"))
        assert download.status_code == 200
        rows = list(csv.reader(io.StringIO(download.content.decode())))
        cells = [cell for row in rows[1:] for cell in row[1:]]
        if "time-taken" in link:
            continue  # days, not counts
        assert not [cell for cell in cells if SMALL.fullmatch(cell)], (link, rows)
        hidden_seen = hidden_seen or "fewer than 5" in cells
    assert hidden_seen


def test_the_district_table_and_its_total(small_numbers, officer_client):
    response = officer_client.get(url("/admin/reports/referrals-by-district.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["District", "Referrals"],
        ["North Warwickshire", "fewer than 5"],
        ["Nuneaton and Bedworth", "12"],
        ["Rugby", "fewer than 5"],
        ["Stratford-on-Avon", "not shown"],
        ["Warwick", "fewer than 5"],
        ["Outside Warwickshire", "0"],
        ["Total", "24"],
    ]


def test_csv_download_is_an_attachment_named_after_the_table_and_period(trainer_client):
    course = f.course('=HYPERLINK("http://example.com")')
    f.bookings(f.session(course, f.on(2026, 2, 2), capacity=10), 4)
    response = trainer_client.get(url("/admin/reports/training-by-course.csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="training-by-course-2026-01-01-to-2026-06-30.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Course", "Sessions run", "Sessions cancelled", "Sessions still to run"]
    assert rows[0][-2:] == ["Fill rate (%)", "No-show rate (%)"]
    # A spreadsheet would run a name starting with "=": it is written as text.
    assert rows[1][0] == '\'=HYPERLINK("http://example.com")'
    assert rows[1][1:6] == ["1", "0", "0", "10", "4"]
    assert rows[1][-2] == "40"
    assert rows[-1][0] == "Total"


def test_csv_holds_no_personal_data(trainer_client):
    session = f.session(f.course("Course A"), f.on(2026, 2, 2), capacity=10)
    f.bookings(session, 3, attendance=Booking.Attendance.ATTENDED)
    page = trainer_client.get(url("/admin/reports/")).content.decode()
    for link in set(re.findall(r'href="(/admin/reports/[^"]+\.csv\?[^"]+)"', page)):
        body = trainer_client.get(link.replace("&amp;", "&")).content.decode()
        assert "@example.com" not in body and "Delegate" not in body and "PT-R" not in body


@time_machine.travel(datetime(2026, 2, 10, 12, 0, tzinfo=LONDON), tick=False)
def test_the_default_period_is_the_current_financial_year(trainer_client):
    response = trainer_client.get("/admin/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Figures for 1 April 2025 to 31 March 2026, the financial year 2025 to 2026." in html
    assert "training-by-course.csv?start_0=1&amp;start_1=4&amp;start_2=2025&amp;end_0=31" in html


@pytest.mark.parametrize(
    ("query", "message", "target"),
    [
        (
            "start_0=31&start_1=2&start_2=2026&end_0=1&end_1=6&end_2=2026",
            "The start date must be a real date",
            "id_start_0",
        ),
        (
            "start_0=1&start_1=&start_2=2026&end_0=1&end_1=6&end_2=2026",
            "The start date must include a month",
            "id_start_1",
        ),
        (
            "start_0=1&start_1=4&start_2=26&end_0=1&end_1=6&end_2=2026",
            "The year of the start date must include 4 numbers",
            "id_start_0",
        ),
        (
            "start_0=1&start_1=6&start_2=2026&end_0=1&end_1=4&end_2=2026",
            "The end date must be the same as or after the start date",
            "id_end_0",
        ),
        (
            "start_0=1&start_1=1&start_2=2020&end_0=2&end_1=1&end_2=2026",
            "The period must be 5 years or shorter",
            "id_end_0",
        ),
        (
            "start_0=one&start_1=4&start_2=2026&end_0=&end_1=&end_2=",
            "The start date must be a real date",
            "id_start_0",
        ),
        (
            "start_0=&start_1=&start_2=&end_0=1&end_1=6&end_2=2026",
            "Enter the start date",
            "id_start_0",
        ),
        (
            "start_0=1&start_1=1&start_2=99999999999999999999&end_0=1&end_1=6&end_2=2026",
            "The year of the start date must include 4 numbers",
            "id_start_0",
        ),
    ],
)
def test_bad_dates_get_an_error_summary_not_a_500(trainer_client, query, message, target):
    response = trainer_client.get(f"/admin/reports/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Reports" in html
    assert "There is a problem" in html
    assert f'<a href="#{target}">{message}</a>' in html
    assert "section-training" not in html  # no figures for a period that is not valid


def test_bad_dates_on_the_summary_show_the_error_summary(trainer_client):
    response = trainer_client.get("/admin/reports/summary/?start_0=40&start_1=1&start_2=2026")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_bad_dates_on_a_csv_are_a_bad_request(trainer_client):
    response = trainer_client.get("/admin/reports/training-by-course.csv?start_0=x")
    assert response.status_code == 400


def test_the_summary_has_one_section_per_role_and_the_key_tables(both_client):
    response = both_client.get(url("/admin/reports/summary/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Annual summary, 1 January 2026 to 30 June 2026" in html
    assert html.count('class="app-summary__section"') == 2
    assert 'id="training-by-course"' in html and 'id="training-by-venue"' not in html
    assert 'id="referrals-by-district"' in html
    assert "Download this table" not in html
    assert "<script" not in html
    assert 'href="/admin/reports/?start_0=1&amp;start_1=1&amp;start_2=2026' in html


@pytest.fixture
def realistic(db):
    """A year's worth: 60 sessions (2,000 bookings) and 300 referrals with their stages."""
    courses = [f.course(f"Course {letter}", order=index) for index, letter in enumerate("ABCDE")]
    venues = [f.venue("Hall", town) for town in ("Warwick", "Rugby", "Nuneaton", "Stratford")]
    for index in range(60):
        session = f.session(
            courses[index % 5],
            f.on(2026, 1 + index % 6, 1 + index % 27),
            venue=venues[index % 4] if index % 7 else None,
            capacity=35,
            cancelled=index % 15 == 0,
        )
        f.bookings(session, 25, attendance=Booking.Attendance.ATTENDED, sector="health")
        f.bookings(session, 5, attendance=Booking.Attendance.DID_NOT_ATTEND)
        f.bookings(session, 3, status=Booking.Status.WAITING, placed=False)
    districts = ["rugby", "warwick", "north_warwickshire", "stratford_on_avon"]
    for index in range(300):
        f.referral(
            f.on(2026, 1 + index % 6, 1 + index % 28),
            district=districts[index % 4],
            stages=[(1, Stage.SHARED_WITH_POLICE), (5 + index % 30, Stage.PANEL)][: index % 3],
        )


def test_the_reports_page_takes_at_most_20_queries(
    realistic, both_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = both_client.get(url("/admin/reports/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="section-training"' in html and 'id="section-referrals"' in html
    assert html.count('role="img"') >= 14


def test_the_summary_takes_at_most_20_queries(
    realistic, both_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert both_client.get(url("/admin/reports/summary/")).status_code == 200
