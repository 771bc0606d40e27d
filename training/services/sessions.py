"""Creating, changing and cancelling sessions: the only ways the admin writes a session."""

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import Booking, Session, default_booking_closes_at, govuk_time
from .booking import fill_places
from .common import ACTIVE, SessionChangeError, lock_session
from .log import log_action

# What the admin may change on a session, and which of it delegates are told about.
CHANGEABLE = [
    "starts_at",
    "ends_at",
    "booking_closes_at",
    "delivery",
    "venue",
    "room",
    "joining_instructions",
    "notes",
    "capacity",
]
DELEGATES_TOLD = {
    "starts_at",
    "ends_at",
    "delivery",
    "venue",
    "room",
    "joining_instructions",
    "notes",
}
LABELS = {
    "starts_at": "Start",
    "ends_at": "End",
    "booking_closes_at": "Booking closes",
    "delivery": "How it is delivered",
    "venue": "Venue",
    "room": "Room",
    "joining_instructions": "Joining details",
    "notes": "Notes for delegates",
    "capacity": "Places",
}


def _shown(session, name):
    """A field's value as the change email and the action log say it."""
    value = getattr(session, name)
    if name in {"starts_at", "ends_at", "booking_closes_at"}:
        local = timezone.localtime(value)
        return f"{govuk_time(local)} on {local:%A %-d %B %Y}"
    if name == "delivery":
        return session.get_delivery_display()
    if value is None:
        return ""
    return str(value)


def create_session(*, user=None, **fields):
    """Add a session (the admin's add form). Full-cleaned, saved and logged in one transaction.

    New-date alerts for it go out with the next run of `send_new_date_alerts`.
    """
    with transaction.atomic():
        session = Session(**fields)
        if session.booking_closes_at is None and session.starts_at is not None:
            session.booking_closes_at = default_booking_closes_at(session.starts_at)
        session.full_clean()
        session.save()
        log_action("training.session.created", session=session, user=user)
        return session


def change_session(*, session_id, user=None, **changes):
    """Change a session's time, place, joining details, notes or capacity.

    Guarantees, in one transaction under the session's row lock:
    - capacity below the places already confirmed raises SessionChangeError (field
      "capacity"): nobody loses a place by a capacity change;
    - a cancelled session cannot be changed (SessionChangeError);
    - the session is full-cleaned (ValidationError for an end before the start...) and
      saved; a booking close left empty (or at the usual time for the old start) is
      worked out again from the new start;
    - when anything delegates are told about changed, the calendar SEQUENCE goes up by
      one and every confirmed and waiting delegate is emailed, once, what changed, with
      the updated calendar entry (same UID);
    - raised capacity promotes the waiting list (while booking is open);
    - the change is in the action log with `user`.
    Returns (session, changed field names, promoted bookings).
    """
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session = lock_session(session_id)
        if session.status == Session.Status.CANCELLED:
            raise SessionChangeError("This session has been cancelled, so it cannot be changed.")
        if (
            "starts_at" in changes
            and "booking_closes_at" not in changes
            and session.booking_closes_at == default_booking_closes_at(session.starts_at)
        ):
            # It closed at the usual time before the old start: keep to the usual rule.
            changes["booking_closes_at"] = None
        before = {name: _shown(session, name) for name in CHANGEABLE}
        for name, value in changes.items():
            setattr(session, name, value)
        if session.booking_closes_at is None:
            session.booking_closes_at = default_booking_closes_at(session.starts_at)
        confirmed = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        if session.capacity < confirmed:
            raise SessionChangeError(
                f"{confirmed} delegates already have a place, so the places cannot go below "
                f"{confirmed}. Cancel bookings first if the room is smaller.",
                field="capacity",
            )
        session.full_clean()
        after = {name: _shown(session, name) for name in CHANGEABLE}
        changed = [name for name in CHANGEABLE if before[name] != after[name]]
        if not changed:
            return session, [], []
        told = [name for name in changed if name in DELEGATES_TOLD]
        if told:
            session.sequence += 1
        session.save()
        now = timezone.now()
        if told:
            rows = [(LABELS[name], before[name], after[name]) for name in told]
            for booking in session.bookings.filter(status__in=ACTIVE).order_by("pk"):
                booking.session = session
                notifications.session_changed(booking, changes=rows)
        promoted = fill_places(session, now=now) if "capacity" in changed else []
        log_action(
            "training.session.changed",
            session=session,
            user=user,
            data={
                "changes": {name: [before[name], after[name]] for name in changed},
                "promoted": [booking.reference for booking in promoted],
            },
        )
        return session, changed, promoted


def cancel_session(*, session_id, user=None):
    """Cancel a session and every active booking on it; email each delegate.

    Confirmed delegates get a calendar update that removes the event (SEQUENCE raised).
    Idempotent: cancelling a cancelled session does nothing. Logged with `user`.
    Returns the number of delegates told.
    """
    with transaction.atomic():
        session = lock_session(session_id)
        if session.status == Session.Status.CANCELLED:
            return 0
        now = timezone.now()
        session.status = Session.Status.CANCELLED
        session.cancelled_at = now
        session.sequence += 1
        session.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        bookings = list(session.bookings.select_for_update().filter(status__in=ACTIVE))
        for booking in bookings:
            was_confirmed = booking.status == Booking.Status.CONFIRMED
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
            booking.cancelled_by = Booking.CancelledBy.SESSION
            booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
            booking.session = session
            notifications.session_cancelled(booking, was_confirmed=was_confirmed)
        log_action(
            "training.session.cancelled",
            session=session,
            user=user,
            data={"delegates_told": len(bookings)},
        )
        return len(bookings)
