"""The public training forms as a browser fills them in, for every test folder that books or
asks through the pages: the booking journey step by step (training/views/booking.py) and the
group-session request."""

import uuid

from core.testing import as_browser

# A delegate's answers on the booking details page, as the form keeps them.
DETAILS = {
    "full_name": "Sam Example",
    "email": "sam@example.com",
    "phone": "01632 960 001",
    "organisation": "Northfield School",
    "sector": "schools",
    "job_role": "Teacher",
    "needs": "Hearing loop",
}


def book_url(session, step=""):
    return f"/training/sessions/{session.public_id}/book/{step}"


def start_booking(client, session):
    """The first question answered (not a council employee); returns that response."""
    return client.post(book_url(session), {"council_employee": "no"})


def answer_questions(client, session, details=DETAILS):
    """The first question and the details page; returns the details page's response."""
    start_booking(client, session)
    return client.post(book_url(session, "details/"), as_browser(details))


def idempotency_key(client, session):
    """The key the check-your-answers page gives the browser for its final post."""
    response = client.get(book_url(session, "check/"))
    return response.context["form"].initial["idempotency_key"]


def group_request(**changes):
    """A group-session request's answers with a fresh submission key. The course is "not
    sure", the one choice that needs no course in the database."""
    return {
        "organisation": "Northfield School",
        "contact_name": "Alex Head",
        "email": "alex@example.com",
        "phone": "01632 960001",
        "course": "not-sure",
        "number_of_people": "25",
        "preferred_dates": "Any Tuesday",
        "preferred_place": "Our hall",
        "submission_key": str(uuid.uuid4()),
        **changes,
    }
