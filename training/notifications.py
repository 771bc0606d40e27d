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
from .certificate_pdf import certificate_pdf
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


def _send_to_delegate(
    booking, *, template, subject, with_link=True, calendar=None, attachments=(), **extra
):
    """Queue one email to a delegate, about their booking (erased with it: booking_topic)."""
    context = {**_session_context(booking.session), "booking": booking, **extra}
    if with_link:
        context["cancel_url"] = cancel_url(issue_cancel_token(booking))
    attachments = [*([calendar] if calendar else []), *attachments]
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


def _about_session(booking, template, headline, *, calendar=True, **options):
    """An email about the booking's session, its subject "<headline>: <course> on <date>".

    It carries the session's calendar entry (calendar=False for none, or another entry,
    such as the cancelled one) and a new cancel link unless with_link=False.
    """
    if calendar is True:
        calendar = session_ics(booking.session)
    return _send_to_delegate(
        booking,
        template=template,
        subject=f"{headline}: {_title_and_date(booking.session)}",
        calendar=calendar,
        **options,
    )


def booking_received(booking):
    """A confirmed place (with calendar file) or a place on the waiting list."""
    if booking.status == booking.Status.CONFIRMED:
        return _about_session(booking, "training_booking_confirmed", "Booking confirmed")
    return _about_session(
        booking,
        "training_waiting_list",
        "On the waiting list",
        calendar=False,
        position=booking.waiting_position(),
    )


def place_offered(booking):
    """Someone on the waiting list now has a place."""
    return _about_session(booking, "training_place_offered", "You now have a place")


def booking_cancelled(booking):
    return _about_session(
        booking,
        "training_booking_cancelled",
        "Booking cancelled",
        calendar=False,
        with_link=False,
    )


def session_cancelled(booking, *, was_confirmed):
    return _about_session(
        booking,
        "training_session_cancelled",
        "Session cancelled",
        # Only a delegate who had a place has an entry in their calendar to take out.
        calendar=session_ics(booking.session, cancelled=True) if was_confirmed else False,
        with_link=False,
        was_confirmed=was_confirmed,
    )


def place_freed_after_closing(session, *, free, waiting):
    """Booking has closed, so a freed place is not offered by email: tell the team instead."""
    admin_url = settings.SITE_URL + reverse("admin:training_session_change", args=[session.pk])
    return queue_email(
        to=[settings.TRAINING_TEAM_EMAIL],
        subject=f"A place is free after booking closed: {_title_and_date(session)}",
        template="training_place_freed",
        context={
            **_session_context(session),
            "free": free,
            "waiting": waiting,
            "admin_url": admin_url,
        },
        topic="training-team",
    )


def session_changed(booking, *, changes):
    """What changed on the session, with the updated calendar entry (same UID, higher SEQUENCE).

    `changes` is [(label, before, after)]. Joining details are shown only to confirmed
    delegates, as everywhere else.
    """
    return _about_session(booking, "training_session_changed", "Session changed", changes=changes)


def joining_reminder(booking):
    """Online sessions: the joining details again, the day before."""
    return _about_session(booking, "training_joining_reminder", "Joining details for tomorrow")


def certificate_issued(certificate):
    """The certificate as a PDF, with links to download it again whenever needed and to
    check it. The PDF goes encrypted in the queue and is emptied once sent, like the body."""
    booking = certificate.booking
    return _send_to_delegate(
        booking,
        template="training_certificate",
        subject=f"Your certificate of attendance: {certificate.course_title}",
        with_link=False,
        attachments=[
            (f"certificate-{certificate.code}.pdf", certificate_pdf(certificate), "application/pdf")
        ],
        certificate=certificate,
        certificate_url=settings.SITE_URL + certificate.get_absolute_url(),
        download_url=settings.SITE_URL
        + reverse("training:certificate-pdf", kwargs={"code": certificate.code}),
    )


def feedback_request(booking, *, token):
    return _send_to_delegate(
        booking,
        template="training_feedback_request",
        subject=f"What did you think of {booking.session.course.title}?",
        with_link=False,
        feedback_url=settings.SITE_URL + reverse("training:feedback", kwargs={"token": token}),
    )


def _alert_email(alert, *, template, subject, headers=None, **context):
    return queue_email(
        to=[alert.email],
        subject=subject,
        template=template,
        context={
            "course": alert.course,
            "course_url": settings.SITE_URL + alert.course.get_absolute_url(),
            "team_email": settings.TRAINING_TEAM_EMAIL,
            **context,
        },
        topic=f"training-alert:{alert.pk}",
        headers=headers,
    )


def alert_confirm(alert, *, token):
    """Double opt-in: nothing else is sent until this link is followed."""
    return _alert_email(
        alert,
        template="training_alert_confirm",
        subject=f"Confirm: email me new dates for {alert.course.title}",
        confirm_url=settings.SITE_URL + reverse("training:alert-confirm", kwargs={"token": token}),
    )


def new_date(alert, session, *, token):
    """A new session of the course, with a one-click unsubscribe (RFC 8058 headers too)."""
    unsubscribe_url = settings.SITE_URL + reverse(
        "training:alert-unsubscribe", kwargs={"token": token}
    )
    return _alert_email(
        alert,
        template="training_alert_new_date",
        subject=f"New date: {_title_and_date(session)}",
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        session=session,
        date=session.date_display,
        time=session.time_display,
        book_url=settings.SITE_URL
        + reverse("training:book", kwargs={"public_id": session.public_id}),
        unsubscribe_url=unsubscribe_url,
    )


def reminder(booking):
    return _about_session(booking, "training_reminder", "Reminder")


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
