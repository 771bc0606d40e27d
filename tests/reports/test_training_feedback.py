"""Attendees' feedback in the reports: per course and period, small numbers suppressed."""

import re
from datetime import date

import pytest

from core.models import OutboundEmail
from reports.periods import Period
from reports.training_feedback import feedback_table
from reports.training_figures import training_report, training_tables
from training import services
from training.feedback import feedback_by_course
from training.models import Booking

from . import factories as f

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))


def answer_all(session, answers):
    """Send the session's feedback links, then answer each with the given (useful, confident)."""
    services.send_feedback_requests(session_id=session.pk)
    emails = OutboundEmail.objects.filter(subject__startswith="What did you").order_by("pk")
    tokens = [
        re.search(r"/training/feedback/([^/\s]+)/", email.text_body).group(1) for email in emails
    ]
    OutboundEmail.objects.all().delete()
    for token, (usefulness, confidence) in zip(tokens, answers, strict=False):
        services.submit_feedback(token=token, usefulness=usefulness, confidence=confidence)


@pytest.fixture
def answered(db):
    course_a = f.course("Course A", order=1)
    course_b = f.course("Course B", order=2)
    warwick = f.venue("Shire Hall", "Warwick")
    s_a = f.session(course_a, f.on(2026, 2, 10), venue=warwick)
    s_b = f.session(course_b, f.on(2026, 3, 10), venue=warwick)
    outside = f.session(course_b, f.on(2025, 12, 1), venue=warwick)
    for session, count in [(s_a, 8), (s_b, 3), (outside, 6)]:
        f.bookings(session, count, attendance=Booking.Attendance.ATTENDED)
    # Course A: 7 of 8 answer; 6 find it useful (5 or 4), 6 feel confident (4 or 3).
    answer_all(s_a, [(5, 4), (5, 4), (4, 3), (4, 3), (5, 3), (4, 3), (2, 1)])
    answer_all(s_b, [(5, 4), (3, 2), (1, 1)])
    answer_all(outside, [(5, 4)] * 6)
    return course_a, course_b


def test_feedback_is_counted_per_course_for_sessions_in_the_period(answered):
    rows = feedback_by_course(start_at=PERIOD.start_at, end_before=PERIOD.end_before)
    assert rows == [
        {"title": "Course A", "responses": 7, "useful": 6, "confident": 6, "may_publish": 0},
        {"title": "Course B", "responses": 3, "useful": 1, "confident": 1, "may_publish": 0},
    ]


def test_small_numbers_are_suppressed_as_in_the_referral_tables(answered):
    table = next(
        table
        for table in training_tables(training_report(PERIOD))
        if table.slug == "training-feedback-by-course"
    )
    assert table.withheld_message == ""
    shown = {row[0][1]: [text for _column, text in row[1:]] for row in table.display_rows()}
    # Course B has 3 answers: "fewer than 5", and its rates are not shown.
    assert shown["Course B"][0] == "fewer than 5"
    assert shown["Course B"][2] == "not shown" and shown["Course B"][4] == "not shown"
    # So Course A's count is hidden too, or 10 - 7 would give Course B's away.
    assert shown["Course A"][0] == "not shown"
    assert shown["Course A"][2] == "not shown"
    total = [text for _column, text in table.display_total()[1:]]
    assert total[0] == "10" and total[2] == "70%"
    assert "7" not in " ".join(shown["Course A"])


def test_a_column_whose_small_count_could_be_worked_out_withholds_the_table():
    # Total confident 6, Course A's hidden count at least 5, Course B's 1 to 4: only 1 fits.
    table = feedback_table(
        [
            {"title": "Course A", "responses": 7, "useful": 6, "confident": 5, "may_publish": 0},
            {"title": "Course B", "responses": 3, "useful": 1, "confident": 1, "may_publish": 0},
        ]
    )
    assert table.withheld_message and not table.has_rows


def test_a_period_with_fewer_than_5_answers_withholds_the_breakdown():
    table = feedback_table(
        [{"title": "Course A", "responses": 3, "useful": 2, "confident": 1, "may_publish": 0}]
    )
    assert table.withheld_message
    assert not table.has_rows
    assert table.display_total()[1][1] == "fewer than 5"


def test_the_reports_page_shows_the_feedback_table(answered, trainer_client):
    query = PERIOD.query()
    html = trainer_client.get(f"/admin/reports/?{query}").content.decode()
    assert "What attendees thought, by course" in html
    csv = trainer_client.get(f"/admin/reports/training-feedback-by-course.csv?{query}")
    assert csv.status_code == 200 and "fewer than 5" in csv.content.decode()
