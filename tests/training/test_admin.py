"""The training administrators' admin: lists, registers, actions and phone bookings."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from core.models import OutboundEmail
from training.models import Booking, Session

from .factories import book, fill, make_course, make_session, reload

pytestmark = pytest.mark.django_db

SESSIONS = "/admin/training/session/"
BOOKINGS = "/admin/training/booking/"


def run_action(client, url, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def test_sessions_list_shows_places_taken_left_and_waiting(trainer_client):
    session = make_session(capacity=3)
    fill(session, 5)
    few = count_queries(trainer_client, SESSIONS)
    for _ in range(20):
        book(make_session(), 1)
    assert count_queries(trainer_client, SESSIONS) == few  # counted in the query, not per row
    response = trainer_client.get(SESSIONS)
    assert response.status_code == 200
    row = next(s for s in response.context["cl"].result_list if s.pk == session.pk)
    assert (row.places_taken, row.places_left, row.waiting_count) == (3, 0, 2)
    html = response.content.decode()
    assert "Places taken" in html and "Places left" in html and "Waiting" in html


def test_register_exports_confirmed_delegates_as_csv_safely(trainer_client):
    session = make_session(capacity=2)
    book(session, 1, full_name="=HYPERLINK(evil)")
    book(session, 2)
    book(session, 3)  # waiting: not on the register
    response = run_action(trainer_client, SESSIONS, "export_register_csv", [session])
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Course", "Date", "Time", "Place", "Reference"]
    names = [row[5] for row in rows[1:]]
    assert sorted(names) == ["'=HYPERLINK(evil)", "Delegate 2"]
    direct = trainer_client.get(f"{SESSIONS}{session.pk}/register.csv")
    assert direct.content == response.content


def test_printable_register_page(trainer_client):
    session = make_session()
    booking = book(session, needs="Wheelchair user")
    response = run_action(trainer_client, SESSIONS, "printable_register", [session])
    assert response.url == f"{SESSIONS}{session.pk}/register/"
    html = trainer_client.get(response.url).content.decode()
    assert booking.full_name in html and booking.reference in html
    assert "Wheelchair user" in html and "Signature" in html


def test_mark_attended_and_did_not_attend(trainer_client):
    session = make_session(capacity=2)
    first, second, waiting = fill(session, 3)
    run_action(trainer_client, BOOKINGS, "mark_attended", [first, waiting])
    run_action(trainer_client, BOOKINGS, "mark_did_not_attend", [second])
    assert reload(first).attendance == Booking.Attendance.ATTENDED
    assert reload(second).attendance == Booking.Attendance.DID_NOT_ATTEND
    assert reload(waiting).attendance == Booking.Attendance.UNKNOWN  # not on the register


def test_cancel_session_asks_first_then_emails_every_delegate(trainer_client):
    session = make_session(capacity=1)
    fill(session, 2)
    OutboundEmail.objects.all().delete()
    confirm = run_action(trainer_client, SESSIONS, "cancel_sessions", [session])
    assert confirm.status_code == 200
    assert "1 with a place, 1 waiting" in confirm.content.decode()
    assert reload(session).status == Session.Status.SCHEDULED
    run_action(trainer_client, SESSIONS, "cancel_sessions", [session], confirm="yes")
    assert reload(session).status == Session.Status.CANCELLED
    assert OutboundEmail.objects.count() == 2
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}


def test_admin_cancelling_a_booking_promotes_the_waiting_list(trainer_client):
    session = make_session(capacity=1)
    holder, waiting = fill(session, 2)
    run_action(trainer_client, BOOKINGS, "cancel_bookings", [holder])
    assert reload(holder).cancelled_by == Booking.CancelledBy.ADMIN
    assert reload(waiting).status == Booking.Status.CONFIRMED


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(trainer_client):
    session = make_session(capacity=1)
    _holder, first_waiting, second_waiting = fill(session, 3)
    # Post through the real change form, with the capacity raised by one.
    response = trainer_client.post(
        f"{SESSIONS}{session.pk}/change/", _session_form_data(session, capacity=2)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert reload(first_waiting).status == Booking.Status.CONFIRMED
    assert reload(second_waiting).status == Booking.Status.WAITING
    assert (
        OutboundEmail.objects.to_address(first_waiting.email)
        .filter(subject__startswith="You now have a place")
        .exists()
    )


def _session_form_data(session, **changes):
    from django.utils import timezone

    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    closes = timezone.localtime(session.booking_closes_at)
    data = {
        "course": session.course_id,
        "starts_at_0": f"{start:%Y-%m-%d}",
        "starts_at_1": f"{start:%H:%M:%S}",
        "ends_at_0": f"{end:%Y-%m-%d}",
        "ends_at_1": f"{end:%H:%M:%S}",
        "booking_closes_at_0": f"{closes:%Y-%m-%d}",
        "booking_closes_at_1": f"{closes:%H:%M:%S}",
        "capacity": session.capacity,
        "delivery": session.delivery,
        "venue": session.venue_id or "",
        "room": "",
        "joining_instructions": "",
        "notes": "",
        "bookings-TOTAL_FORMS": "0",
        "bookings-INITIAL_FORMS": "0",
        "bookings-MIN_NUM_FORMS": "0",
        "bookings-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_phone_booking_uses_the_same_service_and_rules(trainer_client, training_admin):
    session = make_session(capacity=1)
    fill(session, 1)
    details = {
        "session": session.pk,
        "full_name": "Pat Caller",
        "email": "pat@example.com",
        "phone": "01632 960009",
        "organisation": "Riverside Housing",
        "sector": "voluntary",
        "job_role": "Support worker",
        "needs": "",
    }
    assert trainer_client.get(f"{BOOKINGS}add/").url == f"{BOOKINGS}phone/"
    response = trainer_client.post(f"{BOOKINGS}phone/", details)
    booking = Booking.objects.get(email="pat@example.com")
    assert response.url == f"{BOOKINGS}{booking.pk}/change/"
    assert booking.status == Booking.Status.WAITING  # full: same rule as online
    assert booking.source == Booking.Source.PHONE and booking.taken_by == training_admin
    assert OutboundEmail.objects.to_address("pat@example.com").count() == 1
    again = trainer_client.post(f"{BOOKINGS}phone/", details)
    assert again.status_code == 200
    assert "already has a booking" in again.content.decode()
    assert Booking.objects.filter(email="pat@example.com").count() == 1


def test_bookings_filter_by_session_status_and_sector(trainer_client):
    session = make_session(capacity=1)
    other = make_session(course=make_course())
    book(session, 1)
    book(session, 2, sector="health")
    book(other, 3)
    response = trainer_client.get(
        BOOKINGS, {"session": session.pk, "status__exact": "waiting", "sector": "health"}
    )
    assert [b.email for b in response.context["cl"].result_list] == ["delegate2@example.com"]
    few = count_queries(trainer_client, BOOKINGS)
    for _ in range(10):
        book(make_session(), 1)
    assert count_queries(trainer_client, BOOKINGS) == few  # no query per session in the filter
    html = trainer_client.get(BOOKINGS).content.decode()
    assert "By status" in html and "By sector" in html and "By session" in html


def test_bookings_cannot_be_deleted_only_cancelled(trainer_client):
    booking = book(make_session())
    assert trainer_client.get(f"{BOOKINGS}{booking.pk}/delete/").status_code == 403


def test_course_page_in_admin_lists_its_sessions_inline(trainer_client):
    session = make_session()
    html = trainer_client.get(
        f"/admin/training/course/{session.course_id}/change/"
    ).content.decode()
    assert "sessions-TOTAL_FORMS" in html


def test_people_without_the_training_role_cannot_see_bookings(staff_client):
    client = staff_client(None, username="editor")
    assert client.get(BOOKINGS).status_code == 403
    session = make_session()
    assert client.get(f"{SESSIONS}{session.pk}/register/").status_code == 403
