"""Booking answers in progress: encrypted, never in the session table, gone after 2 hours;
an idempotency key works only for the session that made it; journey pages are no-store."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test import Client
from django.utils import timezone

from training import services
from training.models import Booking, BookingDraft

from .factories import make_session
from .journeys import DETAILS, answer_questions, book_url, idempotency_key

pytestmark = pytest.mark.django_db

SECRETS = [DETAILS[name] for name in ("full_name", "email", "phone", "needs")]


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_answers_are_encrypted_and_never_in_the_session_table(client):
    session = make_session()
    answer_questions(client, session)
    client.post(book_url(session, "colleagues/"), {})
    client.get(book_url(session, "check/"))
    sessions = " ".join(
        str(row.get_decoded()) + row.session_data for row in DjangoSession.objects.all()
    )
    drafts = raw_rows(BookingDraft._meta.db_table)
    for secret in [*SECRETS, "sam@example"]:
        assert secret.lower() not in sessions.lower()
        assert secret.lower() not in drafts.lower()
    draft = BookingDraft.objects.get()
    assert draft.payload["details"]["email"] == "sam@example.com"
    # The session holds only the draft's random id.
    assert client.session["training_booking"] == {str(session.public_id): str(draft.pk)}


def test_a_draft_idle_for_two_hours_is_deleted_and_the_journey_starts_again(client, time_machine):
    session = make_session()
    answer_questions(client, session)
    time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=50))
    assert services.expire_booking_drafts() == 0
    assert client.get(book_url(session, "check/")).status_code == 200  # reading counts as activity
    time_machine.move_to(timezone.now() + timedelta(hours=2, minutes=1))
    assert services.expire_booking_drafts() == 1
    assert not BookingDraft.objects.exists()
    assert client.get(book_url(session, "check/")).url == book_url(session)


def test_another_browser_posting_someones_key_gets_nothing_of_theirs(client):
    session = make_session()
    answer_questions(client, session)
    key = idempotency_key(client, session)
    client.post(book_url(session, "check/"), {"idempotency_key": key})
    booking = Booking.objects.get()

    stranger = Client()
    stranger.get(book_url(session))
    response = stranger.post(book_url(session, "check/"), {"idempotency_key": key}, follow=True)
    html = response.content.decode()
    assert booking.reference not in html and booking.email not in html
    assert stranger.get(book_url(session, "confirmation/")).status_code == 302
    # The visitor who booked still finds their booking with a resubmit.
    again = client.post(book_url(session, "check/"), {"idempotency_key": key})
    assert again.url == book_url(session, "confirmation/")
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("step", ["", "details/", "colleagues/", "check/", "confirmation/"])
def test_every_journey_page_is_no_store(client, step):
    session = make_session()
    answer_questions(client, session)
    if step == "confirmation/":
        key = idempotency_key(client, session)
        client.post(book_url(session, "check/"), {"idempotency_key": key})
    response = client.get(book_url(session, step))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_first_booking_page_renders_in_few_queries(client, django_assert_max_num_queries):
    session = make_session()
    client.get(book_url(session))  # warm the cached session lookup
    with django_assert_max_num_queries(3):
        response = client.get(book_url(session))
    assert response.status_code == 200
    assert DETAILS["full_name"] not in response.content.decode()
