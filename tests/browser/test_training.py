"""The training journey in Chromium: find a course, book, read the email, cancel, promotion.

Every page visited, error states included, goes through check_page (axe-core and the
Nu HTML Checker). The same journey runs with JavaScript switched off.
"""

import re

import pytest
from django.conf import settings

from tests.browser.conftest import check_page
from tests.training.factories import book, make_course, make_session, make_venue
from training.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    # Playwright fills a form far faster than a person; the check has its own tests
    # (tests/security/test_public_form_protection.py, tests/browser/test_spam_protection.py).
    settings.SPAM_MIN_FILL_SECONDS = 0


def setup_course():
    course = make_course(
        title="Workshop to Raise Awareness of Prevent",
        slug="wrap",
        offers_group_sessions=True,
    )
    make_course(title="Prevent update training", slug="update")
    rugby = make_venue(name="Town Hall", town="Rugby", address="Evreux Way", postcode="CV21 2RR")
    session = make_session(course=course, venue=rugby, capacity=1, days=12)
    return course, session


def submit(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def cancel_path(message):
    match = re.search(
        re.escape(settings.SITE_URL) + r"(/training/bookings/cancel/[^/\s]+/)", message.body
    )
    assert match, "no cancel link in the email"
    return match.group(1)


def book_through_the_pages(page, *, email):
    """From the catalogue to the confirmation panel; returns the reference shown."""
    page.goto("/training/")
    check_page(page)
    page.get_by_label("Place").select_option("Rugby")
    submit(page, "Apply filters")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Workshop to Raise Awareness of Prevent").click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Book a place")).click()

    check_page(page)  # are you a council employee?
    submit(page, "Continue")
    assert page.title().startswith("Error: ")
    check_page(page)
    page.get_by_label("Yes").check()
    submit(page, "Continue")
    assert page.get_by_role("heading", name="Book through Your HR").is_visible()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    page.get_by_label("No").check()
    submit(page, "Continue")

    check_page(page)  # your details
    page.get_by_label("Email address").fill("not an email")
    submit(page, "Continue")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check_page(page)
    page.get_by_label("Full name").fill("Sam Example")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Telephone number").fill("01632 960 001")
    page.get_by_label("Organisation", exact=True).fill("Northfield School")
    page.get_by_label("Schools and education").check()
    page.get_by_label("Job role").fill("Teacher")
    submit(page, "Continue")

    assert page.get_by_role("heading", name="Book for colleagues (optional)").is_visible()
    check_page(page)
    submit(page, "Continue")  # nobody else

    assert page.get_by_role("heading", name="Check your answers before booking").is_visible()
    check_page(page)
    submit(page, "Confirm booking")
    assert page.get_by_role("heading", name="Booking confirmed").is_visible()
    check_page(page)
    return page.locator(".govuk-panel__body strong").inner_text()


def cancel_through_the_link(page, path):
    page.goto(path)
    assert page.get_by_role("heading", name=re.compile("Are you sure")).is_visible()
    check_page(page)
    submit(page, "Yes, cancel my booking")
    assert page.get_by_role("heading", name="Booking cancelled").is_visible()
    check_page(page)
    page.goto(path)  # the used link: a clear page
    assert page.get_by_role("heading", name="This booking is already cancelled").is_visible()
    check_page(page)


def run_journey(page, run_tasks, *, email):
    _course, session = setup_course()
    reference = book_through_the_pages(page, email=email)
    booking = Booking.objects.get(reference=reference)
    assert booking.status == Booking.Status.CONFIRMED
    waiting = book(session, 2)  # someone else joins the waiting list
    assert waiting.status == Booking.Status.WAITING

    outbox = run_tasks()
    confirmation = next(m for m in outbox if m.to == [email])
    assert reference in confirmation.body
    html, _ = confirmation.alternatives[0]
    assert reference in html
    assert confirmation.attachments[0].filename == "prevent-training.ics"
    assert "BEGIN:VEVENT" in confirmation.attachments[0].content

    cancel_through_the_link(page, cancel_path(confirmation))
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    outbox = run_tasks()
    assert any(
        m.to == [waiting.email] and m.subject.startswith("You now have a place") for m in outbox
    )

    page.goto("/training/bookings/cancel/not-a-real-token/")
    assert page.get_by_role("heading", name="This cancellation link is not valid").is_visible()
    check_page(page)


def test_find_book_read_email_cancel_and_promote(page, run_tasks):
    run_journey(page, run_tasks, email="sam@example.com")


def test_same_journey_without_javascript(no_js_page, run_tasks):
    run_journey(no_js_page, run_tasks, email="sam.nojs@example.com")


def test_training_pages_on_a_small_screen(mobile_page):
    course, session = setup_course()
    for path in ["/training/", course.get_absolute_url(), "/training/group-sessions/"]:
        mobile_page.goto(path)
        check_page(mobile_page)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways ({width}px)"
    mobile_page.goto(f"/training/sessions/{session.public_id}/book/")
    check_page(mobile_page)


def test_group_request_and_waiting_list_pages(page):
    course, session = setup_course()
    book(session, 9)  # now full
    page.goto(course.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Join the waiting list")).click()
    assert page.get_by_text("This session is fully booked").is_visible()
    check_page(page)
    page.goto("/training/group-sessions/?course=wrap")
    check_page(page)
    submit(page, "Send request")
    assert page.title().startswith("Error: ")
    check_page(page)


def site_path(body, pattern):
    match = re.search(re.escape(settings.SITE_URL) + r"(" + pattern + r")", body)
    assert match, f"no {pattern} link in the email"
    return match.group(1)


def test_booking_with_colleagues(page, run_tasks):
    _course, session = setup_course()
    session.capacity = 2
    session.save()
    page.goto(f"/training/sessions/{session.public_id}/book/")
    page.get_by_label("No").check()
    submit(page, "Continue")
    page.get_by_label("Full name").fill("Sam Example")
    page.get_by_label("Email address").fill("sam.group@example.com")
    page.get_by_label("Telephone number").fill("01632 960 001")
    page.get_by_label("Organisation", exact=True).fill("Northfield School")
    page.get_by_label("Schools and education").check()
    page.get_by_label("Job role").fill("Teacher")
    submit(page, "Continue")
    check_page(page)
    page.locator("#id_colleague_1_full_name").fill("Alex Colleague")
    submit(page, "Continue")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check_page(page)
    page.locator("#id_colleague_1_email").fill("alex@example.com")
    page.locator("#id_colleague_1_job_role").fill("Teaching assistant")
    page.locator("#id_colleague_2_full_name").fill("Jo Colleague")
    page.locator("#id_colleague_2_email").fill("jo@example.com")
    page.locator("#id_colleague_2_job_role").fill("Head of year")
    submit(page, "Continue")
    assert page.get_by_role("heading", name="Check your answers before booking").is_visible()
    check_page(page)
    submit(page, "Confirm booking")
    assert page.get_by_role("heading", name="Your colleagues").is_visible()
    check_page(page)
    statuses = sorted(Booking.objects.values_list("email", "status"))
    assert statuses == [
        ("alex@example.com", "confirmed"),
        ("jo@example.com", "waiting"),
        ("sam.group@example.com", "confirmed"),
    ]
    outbox = run_tasks()
    assert sorted(m.to[0] for m in outbox) == [
        "alex@example.com",
        "jo@example.com",
        "sam.group@example.com",
    ]


def test_certificate_and_feedback_pages(page, run_tasks, time_machine):
    from django.utils import timezone

    from training import services

    _course, session = setup_course()
    booking = book(session, 1)
    time_machine.move_to(session.ends_at + timezone.timedelta(days=1))
    services.record_attendance(booking_ids=[booking.pk], attendance="attended")
    services.issue_certificates(session_id=session.pk)
    services.send_feedback_requests(session_id=session.pk)
    outbox = run_tasks()
    certificate = next(m for m in outbox if m.subject.startswith("Your certificate"))
    check = site_path(certificate.body, r"/training/certificates/[A-Z0-9-]+/")
    page.goto(check)
    assert page.get_by_role("heading", name="This certificate is genuine").is_visible()
    check_page(page)
    page.goto(check.replace("/training/certificates/", "/training/certificates/X"))
    assert page.get_by_role("heading", name="Certificate not found").is_visible()
    check_page(page)

    feedback = next(m for m in outbox if m.subject.startswith("What did you think"))
    page.goto(site_path(feedback.body, r"/training/feedback/[^/\s]+/"))
    check_page(page)
    submit(page, "Send feedback")
    assert page.title().startswith("Error: ")
    check_page(page)
    page.get_by_label("Very useful", exact=True).check()
    page.get_by_label("Fairly confident", exact=True).check()
    page.get_by_label("What was most useful? (optional)").fill("The case studies.")
    page.get_by_label(re.compile("You may publish")).check()
    submit(page, "Send feedback")
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    check_page(page)


def test_new_date_alert_pages(page, run_tasks):
    from training import services

    course, _session = setup_course()
    page.goto(course.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Get an email when new dates")).click()
    check_page(page)
    submit(page, "Email me new dates")
    assert page.title().startswith("Error: ")
    check_page(page)
    page.get_by_label("Email address").fill("parent@example.com")
    submit(page, "Email me new dates")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    check_page(page)
    confirm = next(m for m in run_tasks() if m.subject.startswith("Confirm"))
    page.goto(site_path(confirm.body, r"/training/alerts/confirm/[^/\s]+/"))
    assert page.get_by_role("heading", name=re.compile("You will get an email")).is_visible()
    check_page(page)
    make_session(course=course)
    services.send_new_date_alerts()
    new_date = next(m for m in run_tasks() if m.subject.startswith("New date"))
    assert new_date.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(site_path(new_date.body, r"/training/alerts/unsubscribe/[^/\s]+/"))
    check_page(page)
    submit(page, "Stop emails about new dates")
    assert page.get_by_role("heading", name=re.compile("You will not get any more")).is_visible()
    check_page(page)
