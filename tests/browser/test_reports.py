"""The reports page and the printable annual summary in Chromium, at desktop and phone
width and without JavaScript. Every page, the error state included, goes through
check_page (axe-core and the Nu HTML Checker).
"""

import os
from datetime import date
from pathlib import Path

import pytest

from core.roles import PREVENT_OFFICER
from core.testing import authenticator, current_code
from referrals.models import Stage
from reports.periods import Period
from tests.browser.conftest import check_page
from tests.conftest import STAFF_PASSWORD
from tests.reports import factories as f
from training.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = STAFF_PASSWORD
PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
# Set REPORTS_SHOTS=/tmp/folder to keep screenshots of each page.
SHOTS = os.environ.get("REPORTS_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True)


@pytest.fixture
def figures():
    course = f.course("Workshop to Raise Awareness of Prevent (WRAP)")
    rugby = f.venue("Town Hall", "Rugby")
    for month in (1, 2, 3, 4):
        session = f.session(course, f.on(2026, month, 12), venue=rugby, capacity=20)
        f.bookings(session, 15, attendance=Booking.Attendance.ATTENDED)
        f.bookings(session, 2, attendance=Booking.Attendance.DID_NOT_ATTEND, sector="health")
    f.referrals(7, f.on(2026, 2, 3), stages=[(1, Stage.SHARED_WITH_POLICE), (9, Stage.SIGNPOSTED)])
    f.referrals(3, f.on(2026, 3, 3), district="warwick")


def sign_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(current_code(authenticator(user)))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_reports_page_and_summary_pass_axe_and_html_checks(page, staff, figures):
    sign_in(page, staff(PREVENT_OFFICER, username="reports.browser", superuser=True, device=True))
    page.goto("/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Figures for the annual report").click()
    assert page.title() == "Reports – Prevent in Warwickshire"
    check_page(page)

    page.goto(f"/admin/reports/?{PERIOD.query()}")
    assert page.get_by_role("heading", name="Training", exact=True).is_visible()
    assert page.get_by_role("heading", name="Referrals", exact=True).is_visible()
    chart = page.get_by_role("img", name="Bar chart: Referrals by district")
    assert chart.is_visible()
    district = page.get_by_role("region", name="Referrals by district: table")
    assert "fewer than 5" in district.inner_text()
    shot(page, "reports")
    check_page(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Printable annual summary").click()
    assert page.title().startswith("Annual summary, 1 January 2026 to 30 June 2026")
    shot(page, "summary")
    check_page(page)

    # Printed: a cover, then each section on one page of its own, the screen-only parts
    # gone and the compact chart drawn instead of the regular one.
    page.emulate_media(media="print")
    assert page.locator(".app-summary__screen-only").is_hidden()
    breaks = page.eval_on_selector_all(
        ".app-summary__section", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page", "page"]
    assert page.get_by_role("img", name="Bar chart: Referrals received by month").count() == 1
    assert page.locator("#chart-referrals-by-month-print-title").count() == 1
    pdf = page.pdf(format="A4")
    # A cover and the two sections, each starting a page; the training section now also
    # carries the attendees' feedback table, which takes it onto a second page.
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 4


def test_bad_dates_show_the_error_summary(page, staff):
    sign_in(page, staff(PREVENT_OFFICER, username="reports.browser", superuser=True, device=True))
    page.goto("/admin/reports/")
    page.get_by_text("Choose other dates").click()
    page.get_by_role("group", name="Start date").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Start date").get_by_label("Month").fill("2")
    page.get_by_role("group", name="Start date").get_by_label("Year").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert page.title() == "Error: Reports – Prevent in Warwickshire"
    summary = page.get_by_role("alert")
    assert "The start date must be a real date" in summary.inner_text()
    shot(page, "reports-error")
    check_page(page)


def test_at_phone_width_nothing_scrolls_sideways(mobile_page, staff, figures):
    sign_in(
        mobile_page, staff(PREVENT_OFFICER, username="reports.browser", superuser=True, device=True)
    )
    for path in ("/admin/reports/", "/admin/reports/summary/"):
        mobile_page.goto(f"{path}?{PERIOD.query()}")
        assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 320
        shot(mobile_page, path.strip("/").replace("/", "-"))
        check_page(mobile_page)


def test_without_javascript_the_figures_and_the_period_form_work(no_js_page, staff, figures):
    sign_in(
        no_js_page, staff(PREVENT_OFFICER, username="reports.browser", superuser=True, device=True)
    )
    no_js_page.goto("/admin/reports/")
    no_js_page.get_by_text("Choose other dates").click()
    group = no_js_page.get_by_role("group", name="Start date")
    for label, value in (("Day", "1"), ("Month", "1"), ("Year", "2026")):
        group.get_by_label(label).fill(value)
    group = no_js_page.get_by_role("group", name="End date")
    for label, value in (("Day", "30"), ("Month", "6"), ("Year", "2026")):
        group.get_by_label(label).fill(value)
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Show figures").click()
    assert "Figures for 1 January 2026 to 30 June 2026." in no_js_page.content()
    assert no_js_page.get_by_role(
        "img", name="Bar chart: Sessions and places by course"
    ).is_visible()
    check_page(no_js_page)
