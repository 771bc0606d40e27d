"""Every write in the training app that matters: views, the admin, tasks and tests call these.

Each function is keyword-only and runs in one transaction. Anything that changes who
holds a place on a session first locks that session's row (SELECT ... FOR UPDATE on
PostgreSQL), so capacity checks, inserts and waiting-list promotions for one session
happen one at a time, and the emails they cause are queued in the same transaction.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import notifications
from .models import Booking, CancellationToken, GroupSessionRequest, Session

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REMINDER_BEFORE = timedelta(days=3)
ACTIVE = [Booking.Status.CONFIRMED, Booking.Status.WAITING]


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


class CannotCancelError(Exception):
    def __init__(self, reason):
        self.reason = reason  # "already_cancelled" or "past"
        super().__init__(reason)


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


@dataclass(frozen=True)
class CancelResult:
    booking: Booking
    promoted: list = field(default_factory=list)


def _lock_session(session_id):
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course", "venue")
        .get(pk=session_id)
    )


def new_reference():
    """A short reference to quote on the phone. Random, but not a secret: it cancels nothing."""
    while True:
        reference = "PT-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Booking.objects.filter(reference=reference).exists():
            return reference


def book_place(
    *,
    session_id,
    delegate,
    idempotency_key=None,
    source=Booking.Source.ONLINE,
    taken_by=None,
):
    """Book `delegate` on a session: a confirmed place, or the waiting list when it is full.

    Guarantees:
    - the session row is locked for the capacity check and the insert, so concurrent
      requests never confirm more places than the capacity; the rest wait in order of
      arrival (first come, first served);
    - a booking made with the same `idempotency_key` is returned (created=False)
      instead of making a second one (a double click or a resubmitted form);
    - one active booking per email address per session (AlreadyBookedError; the database
      enforces it too, with a partial unique index);
    - the confirmation (with its calendar file and a cancel link) or the waiting-list
      email is queued in the same transaction.
    Raises SessionNotBookableError (cancelled, past or booking closed) or AlreadyBookedError.
    The public form and the admin's phone bookings both come through here.
    """
    with transaction.atomic():
        session = _lock_session(session_id)
        if idempotency_key:
            existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return BookingResult(existing, created=False)
        now = timezone.now()
        state = session.booking_state(now=now, places_left=1)
        if state != "open":
            raise SessionNotBookableError(state)
        email = delegate.email.strip().lower()
        if session.bookings.filter(email__iexact=email, status__in=ACTIVE).exists():
            raise AlreadyBookedError()
        taken = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        confirmed = taken < session.capacity
        booking = Booking(
            session=session,
            reference=new_reference(),
            status=Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITING,
            full_name=delegate.full_name.strip(),
            email=email,
            phone=delegate.phone.strip(),
            organisation=delegate.organisation.strip(),
            sector=delegate.sector,
            job_role=delegate.job_role.strip(),
            needs=delegate.needs.strip(),
            source=source,
            taken_by=taken_by,
            idempotency_key=idempotency_key,
            created_at=now,
            confirmed_at=now if confirmed else None,
        )
        # Field checks only: the rules above were checked under the lock.
        booking.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as error:
            # Only reachable without the row lock (SQLite demo): the index said no.
            raise AlreadyBookedError() from error
        notifications.booking_received(booking)
        return BookingResult(booking, created=True)


def _fill_places(session, *, now):
    """Promote the first people waiting into any free places. The session row must be locked."""
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return []
    taken = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    waiting = list(
        session.bookings.select_for_update()
        .filter(status=Booking.Status.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status = Booking.Status.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at"])
        booking.session = session
        notifications.place_offered(booking)
    return waiting


def cancel_booking(*, booking_id, by):
    """Cancel a booking (by the delegate or an admin) and give its place to the next in line.

    Guarantees: under the session's row lock, the booking is cancelled, the delegate is
    emailed, and when it held a confirmed place the first person waiting is promoted
    and emailed, all in one transaction. Raises CannotCancelError("already_cancelled") or,
    for a delegate after the session has started, CannotCancelError("past").
    """
    session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        booking.session = session
        if not booking.is_active:
            raise CannotCancelError("already_cancelled")
        now = timezone.now()
        if by == Booking.CancelledBy.DELEGATE and session.starts_at <= now:
            raise CannotCancelError("past")
        was_confirmed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        notifications.booking_cancelled(booking)
        promoted = _fill_places(session, now=now) if was_confirmed else []
        return CancelResult(booking, promoted)


def cancel_booking_by_token(*, token):
    """The delegate's cancel link. Returns a CancelResult; raises CannotCancelError or
    CancellationToken.DoesNotExist for a token that was never issued."""
    booking_id = (
        CancellationToken.objects.values_list("booking_id", flat=True)
        .filter(token_hash=notifications.hash_token(token))
        .get()
    )
    return cancel_booking(booking_id=booking_id, by=Booking.CancelledBy.DELEGATE)


def promote_waiting_list(*, session_id):
    """Offer any free places (after capacity was raised) to the waiting list, in order.

    Locks the session row; each promoted delegate is emailed in the same transaction.
    Returns the promoted bookings.
    """
    with transaction.atomic():
        session = _lock_session(session_id)
        return _fill_places(session, now=timezone.now())


def cancel_session(*, session_id):
    """Cancel a session and every active booking on it; email each delegate.

    Confirmed delegates get a calendar update that removes the event. Idempotent:
    cancelling a cancelled session does nothing. Returns the number of delegates told.
    """
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.status == Session.Status.CANCELLED:
            return 0
        now = timezone.now()
        session.status = Session.Status.CANCELLED
        session.cancelled_at = now
        session.save(update_fields=["status", "cancelled_at", "updated_at"])
        bookings = list(session.bookings.select_for_update().filter(status__in=ACTIVE))
        for booking in bookings:
            was_confirmed = booking.status == Booking.Status.CONFIRMED
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
            booking.cancelled_by = Booking.CancelledBy.SESSION
            booking.save(update_fields=["status", "cancelled_at", "cancelled_by"])
            booking.session = session
            notifications.session_cancelled(booking, was_confirmed=was_confirmed)
        return len(bookings)


def record_attendance(*, booking_ids, attendance):
    """Mark confirmed bookings as attended or did not attend. Returns how many changed."""
    with transaction.atomic():
        return Booking.objects.filter(
            pk__in=list(booking_ids), status=Booking.Status.CONFIRMED
        ).update(attendance=attendance)


def send_due_reminders(*, now=None):
    """Email each confirmed delegate once, 3 days before their session.

    Each booking is locked (skipping any another worker holds), marked as reminded and
    its email queued in one transaction, so a reminder is sent exactly once even if
    two runs overlap or one fails half way. Delegates who got their place within the
    3 days (their confirmation is recent) get no reminder. Returns how many were queued.
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
        confirmed_at__lt=F("session__starts_at") - REMINDER_BEFORE,
    )
    sent = 0
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            booking = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("session__course", "session__venue")
                .filter(pk=booking_id)
                .first()
            )
            if booking is None:
                continue
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            notifications.reminder(booking)
            sent += 1
    return sent


def submit_group_request(*, submission_key=None, **details):
    """Save a group session request and tell the training team, in one transaction.

    A repeated `submission_key` (a double click, a resubmitted form) returns the request
    it already made and sends nothing more. Returns (request, created).
    """
    with transaction.atomic():
        if submission_key:
            # Serialise submits carrying the same key: the unique index makes the second wait.
            existing = GroupSessionRequest.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing, False
        group_request = GroupSessionRequest(submission_key=submission_key, **details)
        group_request.email = group_request.email.strip().lower()
        group_request.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                group_request.save()
        except IntegrityError:
            # A concurrent submit with the same key won the race: that one stands.
            return GroupSessionRequest.objects.get(submission_key=submission_key), False
        notifications.group_request_received(group_request)
        return group_request, True


def anonymise_old_records(*, now=None):
    """Blank delegate details 2 years after the session (the privacy notice's promise).

    Keeps what reports need (session, status, sector, attendance) and deletes the
    booking's cancel tokens and stored emails. Group requests are blanked 2 years after
    they were made. Returns (bookings, group requests) anonymised.
    """
    from core.models import OutboundEmail

    now = now or timezone.now()
    cutoff = now - Booking.RETENTION
    with transaction.atomic():
        old = Booking.objects.select_for_update().filter(
            session__ends_at__lt=cutoff, anonymised_at__isnull=True
        )
        ids = list(old.values_list("pk", flat=True))
        CancellationToken.objects.filter(booking_id__in=ids).delete()
        OutboundEmail.objects.filter(
            topic__in=[notifications.booking_topic(Booking(pk=pk)) for pk in ids]
        ).delete()
        bookings = Booking.objects.filter(pk__in=ids).update(
            full_name="(anonymised)",
            email="",
            phone="",
            organisation="",
            job_role="",
            needs="",
            anonymised_at=now,
        )
        requests = GroupSessionRequest.objects.filter(
            created_at__lt=cutoff, anonymised_at__isnull=True
        ).update(
            contact_name="(anonymised)", email="", phone="", preferred_dates="", anonymised_at=now
        )
    return bookings, requests
