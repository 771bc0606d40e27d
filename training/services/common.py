"""What every training service shares: the errors it raises, the delegate's details, locks."""

import secrets
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Booking, Session

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
ACTIVE = [Booking.Status.CONFIRMED, Booking.Status.WAITING]
MAX_COLLEAGUES = 5


class BookingError(Exception):
    """A booking rule said no. `message` is written for the delegate."""

    message = "You cannot book this session."

    def __init__(self, message=None):
        if message:
            self.message = message
        super().__init__(self.message)


class SessionNotBookableError(BookingError):
    MESSAGES = {
        "cancelled": "This session has been cancelled, so it cannot be booked.",
        "past": "This session has already taken place, so it cannot be booked.",
        "closed": "Booking for this session has closed.",
    }

    def __init__(self, reason):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


class AlreadyBookedError(BookingError):
    message = (
        "This email address already has a booking for this session. Check your email for "
        "your booking reference."
    )

    def __init__(self, message=None, *, email=""):
        self.email = email
        super().__init__(message)


class CannotCancelError(Exception):
    def __init__(self, reason):
        self.reason = reason  # "already_cancelled" or "past"
        super().__init__(reason)


class SessionChangeError(Exception):
    """A change to a session that cannot be made. `field` names the form field at fault."""

    def __init__(self, message, *, field=None):
        self.message = message
        self.field = field
        super().__init__(message)


class DuplicateEmailError(Exception):
    message = "Another active booking on this session already uses this email address."


@dataclass(frozen=True)
class Delegate:
    full_name: str
    email: str
    phone: str
    organisation: str
    sector: str
    job_role: str
    needs: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    created: bool
    # The lead's colleagues booked in the same form (their own bookings), in order.
    colleagues: list = field(default_factory=list)

    @property
    def bookings(self):
        return [self.booking, *self.colleagues]


@dataclass(frozen=True)
class CancelResult:
    booking: Booking
    promoted: list = field(default_factory=list)


def lock_session(session_id):
    """Lock the session's row (SELECT ... FOR UPDATE) for the rest of the transaction."""
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course", "venue")
        .get(pk=session_id)
    )


def claim_each(due, *, mark, now, related, send):
    """Call `send(row)` once for each row of `due`, even if two runs overlap.

    Each row is locked (skipping rows another worker holds), re-checked against `due`,
    stamped `mark` = `now` and sent in one transaction. `related` is what send() reads
    (select_related); `send` returns the emails it queued. Returns how many in all.
    """
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            row = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related(*related)
                .filter(pk=pk)
                .first()
            )
            if row is None:
                continue
            setattr(row, mark, now)
            row.save(update_fields=[mark])
            sent += len(send(row))
    return sent


def new_reference():
    """A short reference to quote on the phone. Random, but not a secret: it cancels nothing."""
    while True:
        reference = "PT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Booking.objects.filter(reference=reference).exists():
            return reference
