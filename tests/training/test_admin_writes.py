"""The admin writes through the services: details, attendance, cancelling, all logged."""

import pytest

from core.roles import TRAINING_ADMIN
from training.models import ActionLogEntry, Booking

from .factories import book, make_session, reload
from .test_admin import BOOKINGS, run_action

pytestmark = pytest.mark.django_db


def booking_form_data(booking, **changes):
    data = {
        name: getattr(booking, name)
        for name in ["full_name", "email", "phone", "organisation", "sector", "job_role", "needs"]
    }
    data["attendance"] = booking.attendance
    return {**data, **changes}


def test_editing_a_booking_lower_cases_the_email_and_logs_who(staff_client):
    session = make_session()
    booking = book(session, 1)
    client = staff_client(TRAINING_ADMIN)
    response = client.post(
        f"{BOOKINGS}{booking.pk}/change/",
        booking_form_data(booking, email="New.Address@Example.COM", full_name="Sam Renamed"),
    )
    assert response.status_code == 302
    booking = reload(booking)
    assert (booking.email, booking.full_name) == ("new.address@example.com", "Sam Renamed")
    entry = ActionLogEntry.objects.get(action="training.booking.details_changed")
    assert entry.user == client.user and entry.session_id == session.pk
    assert sorted(entry.data["fields"]) == ["email", "full_name"]
    assert "new.address" not in str(entry.data)  # names of fields, not the values


def test_a_duplicate_email_is_a_form_error_never_a_500(staff_client):
    session = make_session()
    book(session, 1)
    other = book(session, 2)
    client = staff_client(TRAINING_ADMIN)
    response = client.post(
        f"{BOOKINGS}{other.pk}/change/",
        booking_form_data(other, email="DELEGATE1@example.com"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "already uses this email address" in errors["email"][0]
    assert reload(other).email == "delegate2@example.com"


def test_attendance_and_cancelling_are_logged_with_the_administrator(staff_client):
    session = make_session(capacity=1)
    first = book(session, 1)
    waiting = book(session, 2)
    client = staff_client(TRAINING_ADMIN)
    run_action(client, BOOKINGS, "mark_attended", [first])
    assert reload(first).attendance == Booking.Attendance.ATTENDED
    run_action(client, BOOKINGS, "cancel_bookings", [first])
    assert reload(waiting).status == Booking.Status.CONFIRMED
    actions = list(
        ActionLogEntry.objects.filter(user=client.user)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["training.booking.attendance", "training.booking.cancelled"]
    cancelled = ActionLogEntry.objects.get(action="training.booking.cancelled")
    assert cancelled.data["promoted"] == [waiting.reference]
    html = client.get(f"/admin/training/session/{session.pk}/change/").content.decode()
    assert "booking.attendance" in html and "booking.cancelled" in html


def test_the_action_log_cannot_be_edited_or_deleted():
    session = make_session()
    book(session, 1)
    from training import services

    services.cancel_session(session_id=session.pk)
    entry = ActionLogEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        ActionLogEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        ActionLogEntry.objects.update(action="x")


def test_sessions_on_a_course_page_are_read_only(staff_client):
    session = make_session()
    client = staff_client(TRAINING_ADMIN)
    html = client.get(f"/admin/training/course/{session.course_id}/change/").content.decode()
    assert 'name="sessions-0-capacity"' not in html
