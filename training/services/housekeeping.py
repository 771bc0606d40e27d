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

REMINDER_BEFORE = timedelta(days=3)
JOINING_BEFORE = timedelta(days=1)


def _send_once(due, *, mark, send, now):
    """Lock each due booking (skipping any another worker holds), mark it and queue its
    email in one transaction: sent exactly once even if two runs overlap."""
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
            setattr(booking, mark, now)
            booking.save(update_fields=[mark])
            send(booking)
            sent += 1
    return sent


def send_due_reminders(*, now=None):
    """Email each confirmed delegate once, 3 days before their session.

    Delegates who got their place within the 3 days (their confirmation is recent) get
    no reminder. Exactly once per booking (see _send_once). Returns how many were queued.
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
    return _send_once(due, mark="reminder_sent_at", send=notifications.reminder, now=now)


def send_joining_reminders(*, now=None):
    """Online sessions: the joining details again, the day before, to each confirmed delegate.

    Once per booking; a delegate who got their place within the last day (their
    confirmation carried the details) is not sent them again.
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        joining_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__delivery=Session.Delivery.ONLINE,
        session__starts_at__gt=now,
        session__starts_at__lte=now + JOINING_BEFORE,
        confirmed_at__lt=F("session__starts_at") - JOINING_BEFORE,
    )
    return _send_once(due, mark="joining_sent_at", send=notifications.joining_reminder, now=now)


def expire_booking_drafts(*, now=None):
    """Delete every booking draft idle for more than 2 hours. Returns how many went."""
    now = now or timezone.now()
    count, _ = BookingDraft.objects.exclude(
        pk__in=BookingDraft.objects.live(now).values("pk")
    ).delete()
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
