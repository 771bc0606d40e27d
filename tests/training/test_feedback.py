"""Feedback from attendees: a link per booking, one answer each, figures and draft quotes."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from pages import models as pages_models
from training import services
from training.models import Booking, FeedbackRequest

from .factories import book, make_session

pytestmark = pytest.mark.django_db

ANSWERS = {
    "usefulness": "5",
    "confidence": "4",
    "most_useful": "Knowing exactly who to call.",
    "improve": "More case studies.",
    "may_publish": "on",
}


def feedback_link(address):
    email = (
        OutboundEmail.objects.to_address(address).filter(subject__startswith="What did you").get()
    )
    return urlsplit(re.search(r"https?://\S+/training/feedback/\S+/", email.text_body).group()).path


@pytest.fixture
def past_session(time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=5))
    session = make_session(days=2)
    bookings = [book(session, number) for number in range(1, 4)]
    time_machine.move_to(session.ends_at + timedelta(days=1, minutes=5))
    services.record_attendance(
        booking_ids=[booking.pk for booking in bookings[:2]],
        attendance=Booking.Attendance.ATTENDED,
    )
    return session, bookings


def test_each_attended_delegate_is_sent_their_own_link_once(past_session):
    session, bookings = past_session
    made = services.send_feedback_requests(session_id=session.pk)
    assert sorted(request.booking_id for request in made) == [bookings[0].pk, bookings[1].pk]
    assert services.send_feedback_requests(session_id=session.pk) == []
    emails = OutboundEmail.objects.filter(subject__startswith="What did you")
    assert sorted(email.to[0] for email in emails) == [
        "delegate1@example.com",
        "delegate2@example.com",
    ]
    assert all(email.text_body.strip() and email.html_body for email in emails)
    assert feedback_link("delegate1@example.com") != feedback_link("delegate2@example.com")


def test_the_daily_job_asks_the_day_after_and_only_once(past_session):
    session, _bookings = past_session
    assert services.send_due_feedback_requests() == 2
    assert services.send_due_feedback_requests() == 0
    session.refresh_from_db()
    assert session.feedback_requested_at is not None


def test_one_answer_per_booking_then_the_link_says_thank_you(client, past_session):
    session, bookings = past_session
    services.send_feedback_requests(session_id=session.pk)
    link = feedback_link("delegate1@example.com")
    html = client.get(link).content.decode()
    assert "How useful was the training?" in html
    response = client.post(link, ANSWERS)
    assert "Thank you for your feedback" in response.content.decode()
    second = client.post(link, {**ANSWERS, "usefulness": "1", "improve": "Changed my mind"})
    assert "Thank you for your feedback" in second.content.decode()
    answer = FeedbackRequest.objects.get(booking=bookings[0])
    assert (answer.usefulness, answer.improve) == (5, "More case studies.")
    assert FeedbackRequest.objects.filter(answered_at__isnull=False).count() == 1
    assert "How useful" not in client.get(link).content.decode()


def test_a_permitted_quote_becomes_a_draft_testimonial_by_role_only(client, past_session):
    session, bookings = past_session
    services.send_feedback_requests(session_id=session.pk)
    client.post(feedback_link("delegate1@example.com"), ANSWERS)
    client.post(
        feedback_link("delegate2@example.com"),
        {**ANSWERS, "may_publish": "", "most_useful": "Private thought."},
    )
    testimonial = pages_models.Testimonial.objects.get()
    assert testimonial.quote == "Knowing exactly who to call."
    assert (testimonial.role, testimonial.organisation) == ("Teacher", "Northfield School")
    assert testimonial.is_published is False
    assert "Delegate" not in testimonial.role


def test_missing_answers_are_govuk_errors_and_nothing_is_saved(client, past_session):
    session, _bookings = past_session
    services.send_feedback_requests(session_id=session.pk)
    html = client.post(feedback_link("delegate1@example.com"), {}).content.decode()
    assert "There is a problem" in html
    assert "Select how useful the training was" in html
    assert not FeedbackRequest.objects.filter(answered_at__isnull=False).exists()


def test_a_made_up_link_is_not_found(client):
    assert client.get("/training/feedback/not-a-real-token/").status_code == 404
