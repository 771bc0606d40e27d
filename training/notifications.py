"""The emails the training app sends. Each is queued inside the caller's transaction.

Only services call these. Each email to a delegate that offers a cancel link gets a
new random token (see `issue_cancel_token`), so the token is never stored in clear.
"""

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.emails import queue_email

from .calendar import session_ics
from .models import CancellationToken


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_cancel_token(booking):
    """Create a new cancel token for `booking`; store its hash; return the token itself."""
    token = secrets.token_urlsafe(32)
    CancellationToken.objects.create(booking=booking, token_hash=hash_token(token))
    return token


def cancel_url(token):
    return settings.SITE_URL + reverse("training:cancel", kwargs={"token": token})


def booking_topic(booking):
    """OutboundEmail.topic for a booking's emails, so retention can erase them."""
    return f"training-booking:{booking.pk}"


def _session_context(session):
    return {
        "session": session,
        "course": session.course,
        "course_url": settings.SITE_URL + session.course.get_absolute_url(),
        "date": session.date_display,
        "time": session.time_display,
        "team_email": settings.TRAINING_TEAM_EMAIL,
    }


def _send_to_delegate(booking, *, template, subject, with_link=True, calendar=None, **extra):
    context = {**_session_context(booking.session), "booking": booking, **extra}
    if with_link:
        context["cancel_url"] = cancel_url(issue_cancel_token(booking))
    attachments = [calendar] if calendar else []
    return queue_email(
        to=[booking.email],
        subject=subject,
        template=template,
        context=context,
        attachments=attachments,
        topic=booking_topic(booking),
    )


def _title_and_date(session):
    start = timezone.localtime(session.starts_at)
    return f"{session.course.title} on {start:%-d %B %Y}"


def booking_received(booking):
    """A confirmed place (with calendar file) or a place on the waiting list."""
    session = booking.session
    if booking.status == booking.Status.CONFIRMED:
        return _send_to_delegate(
            booking,
            template="training_booking_confirmed",
            subject=f"Booking confirmed: {_title_and_date(session)}",
            calendar=session_ics(session),
        )
    return _send_to_delegate(
        booking,
        template="training_waiting_list",
        subject=f"On the waiting list: {_title_and_date(booking.session)}",
        position=booking.waiting_position(),
    )


def place_offered(booking):
    """Someone on the waiting list now has a place."""
    return _send_to_delegate(
        booking,
        template="training_place_offered",
        subject=f"You now have a place: {_title_and_date(booking.session)}",
        calendar=session_ics(booking.session),
    )


def booking_cancelled(booking):
    return _send_to_delegate(
        booking,
        template="training_booking_cancelled",
        subject=f"Booking cancelled: {_title_and_date(booking.session)}",
        with_link=False,
    )


def session_cancelled(booking, *, was_confirmed):
    return _send_to_delegate(
        booking,
        template="training_session_cancelled",
        subject=f"Session cancelled: {_title_and_date(booking.session)}",
        with_link=False,
        calendar=session_ics(booking.session, cancelled=True) if was_confirmed else None,
        was_confirmed=was_confirmed,
    )


def reminder(booking):
    return _send_to_delegate(
        booking,
        template="training_reminder",
        subject=f"Reminder: {_title_and_date(booking.session)}",
        calendar=session_ics(booking.session),
    )


def group_request_received(group_request):
    """Tell the training team. No personal data: the details are in the admin."""
    admin_url = settings.SITE_URL + reverse(
        "admin:training_groupsessionrequest_change", args=[group_request.pk]
    )
    return queue_email(
        to=[settings.TRAINING_TEAM_EMAIL],
        subject="New request for a group training session",
        template="training_group_request",
        context={"group_request": group_request, "admin_url": admin_url},
        topic="training-group-request",
    )
