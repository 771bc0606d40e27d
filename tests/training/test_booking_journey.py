"""The public booking journey, step by step, through the test client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from core.testing import as_browser
from training.models import Booking, BookingDraft, Session

from .factories import book, fill, make_course, make_session
from .journeys import DETAILS, answer_questions, book_url, idempotency_key, start_booking

pytestmark = pytest.mark.django_db

# The details as a person might type them: the form tidies the spaces and the capitals.
TYPED = {**DETAILS, "full_name": "Sam  Example", "email": "Sam@Example.com"}


def test_full_journey_books_a_place_and_shows_the_reference(client):
    session = make_session(capacity=5)
    response = client.get(book_url(session))
    assert response.status_code == 200
    assert "Do you work for Warwickshire County Council?" in response.content.decode()
    assert "5 places left" in response.content.decode()

    response = client.post(book_url(session), {"council_employee": "no"})
    assert response.url == book_url(session, "details/")
    response = client.post(book_url(session, "details/"), as_browser(TYPED))
    assert response.url == book_url(session, "colleagues/")
    assert "Book for colleagues (optional)" in client.get(response.url).content.decode()
    # Nobody else: an empty colleagues page books for the delegate alone.
    response = client.post(book_url(session, "colleagues/"), {})
    assert response.url == book_url(session, "check/")

    response = client.get(book_url(session, "check/"))
    html = response.content.decode()
    assert "Check your answers before booking" in html
    assert "Sam Example" in html and "sam@example.com" in html
    assert "Schools and education" in html and "Hearing loop" in html
    assert f'href="{book_url(session, "details/")}#id_email"' in html  # Change links

    key = response.context["form"].initial["idempotency_key"]
    response = client.post(book_url(session, "check/"), {"idempotency_key": key})
    assert response.url == book_url(session, "confirmation/")
    booking = Booking.objects.get()
    assert (booking.full_name, booking.email) == ("Sam Example", "sam@example.com")
    assert booking.status == Booking.Status.CONFIRMED

    html = client.get(book_url(session, "confirmation/")).content.decode()
    assert "Booking confirmed" in html and booking.reference in html
    assert "govuk-panel--confirmation" in html
    # The answers are gone once booked: no draft id in the session, no draft row.
    assert client.session["training_booking"] == {}
    assert not BookingDraft.objects.exists()


def test_council_employees_are_sent_to_your_hr_not_the_form(client):
    session = make_session()
    response = client.post(book_url(session), {"council_employee": "yes"})
    assert response.url == book_url(session, "council-employee/")
    html = client.get(response.url).content.decode()
    assert "Book through Your HR" in html
    assert 'name="full_name"' not in html
    # They cannot skip ahead to the public form.
    assert client.get(book_url(session, "details/")).url == book_url(session)


def test_each_step_shows_govuk_errors(client):
    session = make_session()
    html = client.post(book_url(session), {}).content.decode()
    assert "There is a problem" in html
    assert "Select yes if you work for Warwickshire County Council" in html
    assert "<title>Error: " in html
    start_booking(client, session)
    response = client.post(
        book_url(session, "details/"), as_browser({**DETAILS, "email": "nope", "phone": "x"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "Enter a telephone number, like 01632 960 001 or 07700 900 982" in html
    assert 'href="#id_email"' in html
    html = client.post(book_url(session, "details/"), {}).content.decode()
    for message in ["Enter your full name", "Select the sector you work in", "Enter your job role"]:
        assert message in html
    assert not Booking.objects.exists()


def test_full_session_offers_the_waiting_list_in_the_same_journey(client):
    session = make_session(capacity=1)
    fill(session, 1)
    html = client.get(book_url(session)).content.decode()
    assert "fully booked" in html and "waiting list" in html
    answer_questions(client, session)
    response = client.get(book_url(session, "check/"))
    assert "Join the waiting list" in response.content.decode()
    key = response.context["form"].initial["idempotency_key"]
    client.post(book_url(session, "check/"), {"idempotency_key": key})
    html = client.get(book_url(session, "confirmation/")).content.decode()
    assert "You are on the waiting list" in html
    assert Booking.objects.get(email="sam@example.com").status == Booking.Status.WAITING


def test_double_submit_of_check_page_makes_one_booking(client):
    session = make_session()
    answer_questions(client, session)
    key = idempotency_key(client, session)
    first = client.post(book_url(session, "check/"), {"idempotency_key": key})
    second = client.post(book_url(session, "check/"), {"idempotency_key": key})
    assert first.url == second.url == book_url(session, "confirmation/")
    assert Booking.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_already_booked_email_is_told_at_details_and_at_check(client):
    session = make_session()
    book(session, email="sam@example.com")
    response = answer_questions(client, session)
    assert "already has a booking for this session" in response.content.decode()
    # Booked from elsewhere between the details step and the check step:
    session2 = make_session()
    answer_questions(client, session2)
    key = idempotency_key(client, session2)
    book(session2, email="sam@example.com")
    response = client.post(book_url(session2, "check/"), {"idempotency_key": key})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "already has a booking" in html
    assert "<title>Error: " in html
    assert Booking.objects.filter(session=session2).count() == 1


def test_booking_closed_mid_journey_gets_a_clear_page(client):
    session = make_session()
    answer_questions(client, session)
    key = idempotency_key(client, session)
    Session.objects.filter(pk=session.pk).update(
        booking_closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(book_url(session, "check/"), {"idempotency_key": key})
    html = response.content.decode()
    assert "You cannot book this session" in html
    assert "Booking for this session has closed." in html
    assert not Booking.objects.exists()


@pytest.mark.parametrize("step", ["", "details/", "check/"])
def test_cancelled_session_cannot_be_booked_at_any_step(client, step):
    session = make_session(status=Session.Status.CANCELLED)
    html = client.get(book_url(session, step)).content.decode()
    assert "This session has been cancelled" in html


def test_steps_out_of_order_send_you_back_to_the_start(client):
    session = make_session()
    assert client.get(book_url(session, "check/")).url == book_url(session)
    assert client.get(book_url(session, "details/")).url == book_url(session)
    # The confirmation page only shows a booking this browser made.
    assert client.get(book_url(session, "confirmation/")).url == session.course.get_absolute_url()


def test_unknown_session_or_course_not_booked_online_is_not_found(client):
    assert (
        client.get("/training/sessions/00000000-0000-0000-0000-000000000000/book/").status_code
        == 404
    )
    assert client.get("/training/sessions/not-a-uuid/book/").status_code == 404
    elearning = make_session(course=make_course(booking_method="e_learning"))
    assert client.get(book_url(elearning)).status_code == 404


def test_tampered_idempotency_key_does_not_book(client):
    session = make_session()
    answer_questions(client, session)
    response = client.post(book_url(session, "check/"), {"idempotency_key": "<script>"})
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_no_personal_data_in_any_journey_url(client):
    session = make_session()
    responses = [
        start_booking(client, session),
        client.post(book_url(session, "details/"), as_browser(DETAILS)),
    ]
    key = idempotency_key(client, session)
    responses.append(client.post(book_url(session, "check/"), {"idempotency_key": key}))
    for response in responses:
        for value in ["sam", "Example", "01632", "Northfield"]:
            assert value.lower() not in response.url.lower()
