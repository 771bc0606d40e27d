"""change_session: the only way a session changes; every active delegate hears once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from core.models import OutboundEmail
from core.roles import TRAINING_ADMIN
from training import services
from training.calendar import session_uid
from training.models import ActionLogEntry, Booking

from .factories import book, fill, make_session, make_venue, reload

pytestmark = pytest.mark.django_db


def change_emails():
    return list(OutboundEmail.objects.filter(subject__startswith="Session changed"))


def event_of(email):
    (attachment,) = email.attachments
    calendar = Calendar.from_ical(attachment["content"])
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_new_time_emails_every_confirmed_and_waiting_delegate_once_with_sequence_raised():
    session = make_session(capacity=2)
    fill(session, 2)
    waiting = book(session, 3)
    cancelled = book(session, 4)
    services.cancel_booking(booking_id=cancelled.pk, by=Booking.CancelledBy.DELEGATE)
    first = reload(session).sequence
    new_start = session.starts_at + timedelta(days=1, hours=1)

    _session, changed, _promoted = services.change_session(
        session_id=session.pk, starts_at=new_start, ends_at=new_start + timedelta(hours=2)
    )

    assert changed[:2] == ["starts_at", "ends_at"]
    emails = change_emails()
    assert sorted(email.to[0] for email in emails) == [
        "delegate1@example.com",
        "delegate2@example.com",
        "delegate3@example.com",
    ]
    for email in emails:
        event = event_of(email)
        assert str(event["uid"]) == session_uid(session)
        assert int(event["sequence"]) == first + 1
        assert email.text_body.strip() and "What has changed" in email.text_body
        assert "Start: was" in email.text_body
    assert reload(session).sequence == first + 1
    assert reload(waiting).status == Booking.Status.WAITING


def test_a_change_delegates_need_not_hear_about_sends_nothing():
    session = make_session(capacity=5)
    fill(session, 2)
    services.change_session(session_id=session.pk, capacity=6)
    assert change_emails() == []
    assert reload(session).sequence == 0


def test_raising_capacity_promotes_the_waiting_list():
    session = make_session(capacity=1)
    fill(session, 1)
    waiting = book(session, 2)
    _s, _c, promoted = services.change_session(session_id=session.pk, capacity=2)
    assert [booking.pk for booking in promoted] == [waiting.pk]
    assert reload(waiting).status == Booking.Status.CONFIRMED


def test_capacity_below_the_confirmed_places_is_refused_and_nothing_changes():
    session = make_session(capacity=3)
    fill(session, 3)
    with pytest.raises(services.SessionChangeError) as error:
        services.change_session(session_id=session.pk, capacity=2, room="Room 9")
    assert error.value.field == "capacity"
    assert "3 delegates already have a place" in error.value.message
    assert (reload(session).capacity, reload(session).room) == (3, "")


def test_an_end_before_the_start_is_refused():
    session = make_session()
    with pytest.raises(ValidationError):
        services.change_session(session_id=session.pk, ends_at=session.starts_at)


def admin_change_data(client, session, **changes):
    """The admin change page's URL for `session`, and what its form sends back as shown with
    `changes` made: each date-time as its date and time inputs, and the bookings inline with
    its rows untouched."""
    url = f"/admin/training/session/{session.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    for name in ["starts_at", "ends_at", "booking_closes_at"]:
        data.pop(name, None)
        moment = getattr(session, name)
        local = timezone.localtime(moment) if moment else None
        data[f"{name}_0"] = f"{local:%Y-%m-%d}" if local else ""
        data[f"{name}_1"] = f"{local:%H:%M:%S}" if local else ""
    bookings = list(session.bookings.order_by("status", "created_at", "pk"))
    data.update(
        {
            "bookings-TOTAL_FORMS": str(len(bookings)),
            "bookings-INITIAL_FORMS": str(len(bookings)),
            "bookings-MIN_NUM_FORMS": "0",
            "bookings-MAX_NUM_FORMS": "1000",
        }
    )
    for index, booking in enumerate(bookings):
        data[f"bookings-{index}-id"] = booking.pk
        data[f"bookings-{index}-session"] = session.pk
    return url, {**data, **changes}


def test_the_admin_changes_a_session_through_the_service_and_logs_it(staff_client):
    session = make_session(capacity=5)
    fill(session, 2)
    client = staff_client(TRAINING_ADMIN)
    new_venue = make_venue(name="Riversley Park Centre", town="Nuneaton")
    url, data = admin_change_data(client, session, venue=new_venue.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert reload(session).venue == new_venue
    assert len(change_emails()) == 2
    entry = ActionLogEntry.objects.get(action="training.session.changed")
    assert entry.user == client.user and "venue" in entry.data["changes"]
    # The log is on the session's page, with who did it.
    html = client.get(url).content.decode()
    assert "Who did what" in html and client.user.username in html
    assert "Riversley Park Centre" in html


def test_the_admin_form_refuses_capacity_below_confirmed_with_a_clear_error(staff_client):
    session = make_session(capacity=3)
    fill(session, 3)
    client = staff_client(TRAINING_ADMIN)
    url, data = admin_change_data(client, session, capacity="1")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "capacity" in errors and "3 delegates already have a place" in errors["capacity"][0]
    assert reload(session).capacity == 3


def test_after_booking_closes_a_freed_place_goes_to_the_team_not_the_waiting_list(settings):
    session = make_session(capacity=1)
    first = book(session, 1)
    waiting = book(session, 2)
    services.change_session(
        session_id=session.pk, booking_closes_at=session.starts_at - timedelta(days=20)
    )
    result = services.cancel_booking(booking_id=first.pk, by=Booking.CancelledBy.DELEGATE)
    assert result.promoted == []
    assert reload(waiting).status == Booking.Status.WAITING
    team = OutboundEmail.objects.to_address(settings.TRAINING_TEAM_EMAIL).get()
    assert "A place is free after booking closed" in team.subject
    assert "1 person is on the waiting list" in team.text_body
    assert "delegate2" not in team.text_body


def test_cancelling_a_session_raises_the_sequence_and_is_logged(staff_client):
    session = make_session()
    book(session, 1)
    services.cancel_session(session_id=session.pk)
    email = OutboundEmail.objects.get(subject__startswith="Session cancelled")
    assert int(event_of(email)["sequence"]) == 1
    assert str(event_of(email)["status"]) == "CANCELLED"
    assert ActionLogEntry.objects.filter(action="training.session.cancelled").exists()
