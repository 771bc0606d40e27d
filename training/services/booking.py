"""Booking places, cancelling them and moving the waiting list up.

Anything that changes who holds a place on a session first locks that session's row
(SELECT ... FOR UPDATE on PostgreSQL), so capacity checks, inserts and waiting-list
promotions for one session happen one at a time, and the emails they cause are queued
in the same transaction.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import notifications
from ..models import Booking, CancellationToken, Session
from .common import (
    ACTIVE,
    MAX_COLLEAGUES,
    AlreadyBookedError,
    BookingError,
    BookingResult,
    CancelResult,
    CannotCancelError,
    DuplicateEmailError,
    SessionNotBookableError,
    lock_session,
    new_reference,
)
from .log import log_action


def book_place(
    *,
    session_id,
    delegate,
    colleagues=(),
    idempotency_key=None,
    source=Booking.Source.ONLINE,
    taken_by=None,
):
    """Book `delegate`, and up to 5 `colleagues`, on a session, in one transaction.

    Guarantees:
    - the session row is locked for the capacity check and the inserts, so concurrent
      requests never confirm more places than the capacity; each person (the delegate
      first, then the colleagues in order) gets a place while there are places, and the
      rest join the waiting list in that order (first come, first served);
    - a booking made with the same `idempotency_key` is returned (created=False, with
      its colleagues) instead of making a second one (a double click, a resubmit);
    - one active booking per email address per session (AlreadyBookedError, naming the
      address; the database enforces it too, with a partial unique index); nobody is
      booked when any one of the group cannot be;
    - each person's own confirmation (with calendar file, joining details for an online
      session, and a cancel link) or waiting-list email is queued in the same transaction.
    Colleagues share the delegate's organisation, sector and telephone number and have
    their own name, email and job role. Raises SessionNotBookableError (cancelled, past
    or booking closed), AlreadyBookedError or BookingError (too many or repeated
    colleagues). The public form and the admin's phone bookings both come through here.
    """
    colleagues = list(colleagues)
    if len(colleagues) > MAX_COLLEAGUES:
        raise BookingError(f"You can book for up to {MAX_COLLEAGUES} colleagues at once.")
    people = [delegate, *colleagues]
    emails = [person.email.strip().lower() for person in people]
    if len(set(emails)) != len(emails):
        raise BookingError("Each person needs their own email address.")
    with transaction.atomic():
        session = lock_session(session_id)
        if idempotency_key:
            existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return BookingResult(
                    existing, created=False, colleagues=list(existing.colleagues.order_by("pk"))
                )
        now = timezone.now()
        state = session.booking_state(now=now, places_left=1)
        if state != "open":
            raise SessionNotBookableError(state)
        taken_emails = set(
            session.bookings.filter(email__in=emails, status__in=ACTIVE).values_list(
                "email", flat=True
            )
        )
        for position, email in enumerate(emails):
            if email in taken_emails:
                if position == 0:
                    raise AlreadyBookedError(email=email)
                raise AlreadyBookedError(
                    f"{email} already has a booking for this session. Remove them, or give "
                    "another email address.",
                    email=email,
                )
        taken = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        made = []
        for position, person in enumerate(people):
            confirmed = taken < session.capacity
            taken += confirmed
            lead = made[0] if made else None
            booking = Booking(
                session=session,
                reference=new_reference(),
                status=Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITING,
                full_name=person.full_name.strip(),
                email=emails[position],
                phone=(person.phone or delegate.phone).strip(),
                organisation=delegate.organisation.strip(),
                sector=delegate.sector,
                job_role=person.job_role.strip(),
                needs=person.needs.strip(),
                source=source,
                taken_by=taken_by,
                idempotency_key=idempotency_key if lead is None else None,
                group_lead=lead,
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
                raise AlreadyBookedError(email=booking.email) from error
            made.append(booking)
        for booking in made:
            notifications.booking_received(booking)
        if taken_by is not None:
            log_action(
                "training.booking.phone",
                booking=made[0],
                user=taken_by,
                data={"references": [booking.reference for booking in made]},
            )
        return BookingResult(made[0], created=True, colleagues=made[1:])


def fill_places(session, *, now):
    """Promote the first people waiting into any free places. The session row must be locked.

    Only until booking closes: after that a place freed is reported to the training team
    (who may phone someone) instead of being given to someone who may not see the email
    in time.
    """
    if session.status != Session.Status.SCHEDULED or session.starts_at <= now:
        return []
    taken = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    if session.booking_closes_at <= now:
        waiting = session.bookings.filter(status=Booking.Status.WAITING).count()
        notifications.place_freed_after_closing(session, free=free, waiting=waiting)
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


def cancel_booking(*, booking_id, by, user=None):
    """Cancel a booking (by the delegate or an admin) and give its place to the next in line.

    Guarantees: under the session's row lock, the booking is cancelled, the delegate is
    emailed, and when it held a confirmed place the first person waiting is promoted
    and emailed (or, once booking has closed, the training team is told), all in one
    transaction; an admin's cancellation (`user`) is in the action log. Raises
    CannotCancelError("already_cancelled") or, for a delegate after the session has
    started, CannotCancelError("past").
    """
    session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    with transaction.atomic():
        session = lock_session(session_id)
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
        promoted = fill_places(session, now=now) if was_confirmed else []
        if user is not None or by == Booking.CancelledBy.ADMIN:
            log_action(
                "training.booking.cancelled",
                booking=booking,
                user=user,
                data={
                    "reference": booking.reference,
                    "promoted": [item.reference for item in promoted],
                },
            )
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
        session = lock_session(session_id)
        return fill_places(session, now=timezone.now())


def record_attendance(*, booking_ids, attendance, user=None):
    """Mark confirmed bookings as attended or did not attend. Returns how many changed.

    Each change is in the action log with who made it, in the same transaction.
    """
    with transaction.atomic():
        bookings = list(
            Booking.objects.select_for_update()
            .select_related("session")
            .filter(pk__in=list(booking_ids), status=Booking.Status.CONFIRMED)
            .exclude(attendance=attendance)
        )
        for booking in bookings:
            booking.attendance = attendance
            booking.save(update_fields=["attendance"])
            log_action(
                "training.booking.attendance",
                booking=booking,
                user=user,
                data={"reference": booking.reference, "attendance": attendance},
            )
        return len(bookings)


DETAIL_FIELDS = ["full_name", "email", "phone", "organisation", "sector", "job_role", "needs"]


def update_booking_details(*, booking_id, user=None, **details):
    """Change a booking's delegate details (the admin's booking form).

    The email is lower-cased; an address that another active booking on the session
    already uses raises DuplicateEmailError (the form shows it, never a 500). Locks the
    session row, so two edits cannot both take one address. Logged with the names of
    the fields changed (not their values).
    """
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not a delegate detail: {', '.join(sorted(unknown))}")
    session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    with transaction.atomic():
        session = lock_session(session_id)
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        booking.session = session
        if "email" in details:
            details["email"] = details["email"].strip().lower()
            if (
                booking.is_active
                and session.bookings.filter(email=details["email"], status__in=ACTIVE)
                .exclude(pk=booking.pk)
                .exists()
            ):
                raise DuplicateEmailError()
        changed = [name for name, value in details.items() if getattr(booking, name) != value]
        for name in changed:
            setattr(booking, name, details[name])
        if not changed:
            return booking
        booking.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                booking.save(update_fields=changed)
        except IntegrityError as error:
            raise DuplicateEmailError() from error
        log_action(
            "training.booking.details_changed",
            booking=booking,
            user=user,
            data={"reference": booking.reference, "fields": changed},
        )
        return booking
