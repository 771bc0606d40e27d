"""Scheduled work: reminders, and keeping personal data no longer than promised."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import notifications
from ..models import (
    Booking,
    BookingDraft,
    CancellationToken,
    Certificate,
    DateAlert,
    GroupSessionRequest,
    Session,
)
from .common import claim_each

REMINDER_BEFORE = timedelta(days=3)
JOINING_BEFORE = timedelta(days=1)


def _remind_once(*, before, mark, send, now, online_only=False):
    """Email each confirmed delegate once, `before` their scheduled session starts.

    Delegates confirmed within that time are left out: their confirmation was recent.
    Sent once per booking (see claim_each). Returns how many were queued.
    """
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + before,
        confirmed_at__lt=F("session__starts_at") - before,
        **{f"{mark}__isnull": True},
    )
    if online_only:
        due = due.filter(session__delivery=Session.Delivery.ONLINE)
    return claim_each(
        due,
        mark=mark,
        now=now,
        related=["session__course", "session__venue"],
        send=lambda booking: [send(booking)],
    )


def send_due_reminders(*, now=None):
    """Email each confirmed delegate once, 3 days before their session.

    Delegates who got their place within the 3 days (their confirmation is recent) get
    no reminder. Returns how many were queued.
    """
    return _remind_once(
        before=REMINDER_BEFORE,
        mark="reminder_sent_at",
        send=notifications.reminder,
        now=now or timezone.now(),
    )


def send_joining_reminders(*, now=None):
    """Online sessions: the joining details again, the day before, to each confirmed delegate.

    Once per booking; a delegate who got their place within the last day (their
    confirmation carried the details) is not sent them again.
    """
    return _remind_once(
        before=JOINING_BEFORE,
        mark="joining_sent_at",
        send=notifications.joining_reminder,
        now=now or timezone.now(),
        online_only=True,
    )


def expire_booking_drafts(*, now=None):
    """Delete every booking draft idle for more than 2 hours. Returns how many went."""
    count, _ = BookingDraft.objects.idle(now).delete()
    return count


def expire_unconfirmed_alerts(*, now=None):
    """Delete new-date alerts never confirmed within 7 days: an address not kept unasked."""
    now = now or timezone.now()
    count, _ = DateAlert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - DateAlert.CONFIRM_WITHIN
    ).delete()
    return count


def anonymise_old_records(*, now=None):
    """Blank delegate details 2 years after the session (the privacy notice's promise).

    Keeps what reports need (session, status, sector, attendance, feedback answers) and
    deletes the booking's cancel tokens, certificate and stored emails. Group requests are
    blanked 2 years after they were made. Returns (bookings, group requests) anonymised.
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
        Certificate.objects.filter(booking_id__in=ids).delete()
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
