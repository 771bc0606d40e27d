"""New-date alerts: double opt-in, one email per newly published session, one-click unsubscribe.

The confirm and unsubscribe links carry the alert's public id signed with Django's
signing (salted per purpose; the confirm link lasts 7 days), so no secret is stored.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import notifications
from ..models import Course, DateAlert, Session
from .common import claim_each

CONFIRM_SALT = "training.date-alert.confirm"
UNSUBSCRIBE_SALT = "training.date-alert.unsubscribe"


def confirm_token(alert):
    return signing.dumps(str(alert.public_id), salt=CONFIRM_SALT)


def unsubscribe_token(alert):
    return signing.dumps(str(alert.public_id), salt=UNSUBSCRIBE_SALT)


def _alert_for(token, *, salt, max_age=None):
    try:
        public_id = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return DateAlert.objects.select_related("course").filter(public_id=public_id).first()


def subscribe(*, course_id, email):
    """Ask for new-date alerts: stores the address unconfirmed and emails a confirm link.

    Asking again for the same course sends the confirmation again while unconfirmed and
    nothing when already confirmed (the page says the same either way, so nobody learns
    whether an address is subscribed). Returns the alert.
    """
    email = email.strip().lower()
    with transaction.atomic():
        course = Course.objects.published().get(pk=course_id)
        alert = DateAlert.objects.filter(course=course, email=email).first()
        if alert is None:
            try:
                with transaction.atomic():
                    alert = DateAlert.objects.create(course=course, email=email)
            except IntegrityError:
                alert = DateAlert.objects.get(course=course, email=email)
        if alert.confirmed_at is None:
            notifications.alert_confirm(alert, token=confirm_token(alert))
        return alert


def confirm(*, token, now=None):
    """Confirm an alert from its emailed link (valid 7 days). Returns the alert, or None."""
    alert = _alert_for(token, salt=CONFIRM_SALT, max_age=DateAlert.CONFIRM_WITHIN.total_seconds())
    if alert is None:
        return None
    if alert.confirmed_at is None:
        DateAlert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(
            confirmed_at=now or timezone.now()
        )
        alert.refresh_from_db()
    return alert


def alert_for_unsubscribe(token):
    return _alert_for(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, token):
    """Delete the alert (and so the address) the link names.

    Returns (valid, course): valid is False for a link we never signed; course is None
    when the alert was already gone (a second click is still "unsubscribed").
    """
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False, None
    alert = DateAlert.objects.select_related("course").filter(public_id=public_id).first()
    if alert is None:
        return True, None
    DateAlert.objects.filter(pk=alert.pk).delete()
    return True, alert.course


def send_new_date_alerts(*, now=None):
    """Email confirmed subscribers once about each newly published session of their course.

    A session counts once its course is published and booked online and while it is
    still open for booking; it is locked (skipping any another worker holds), marked as
    announced and its emails queued in one transaction, so each subscriber gets one
    email per session, never two. Only subscribers who confirmed before the session was
    added are told (anyone later saw it on the course page). Returns emails queued.
    """
    now = now or timezone.now()
    due = Session.objects.upcoming(now=now).filter(
        alerts_sent_at__isnull=True,
        booking_closes_at__gt=now,
        course__is_published=True,
        course__booking_method=Course.BookingMethod.ONLINE,
    )

    def announce(session):
        alerts = DateAlert.objects.confirmed().filter(
            course=session.course, confirmed_at__lte=session.created_at
        )
        return [
            notifications.new_date(alert, session, token=unsubscribe_token(alert))
            for alert in alerts
        ]

    return claim_each(
        due, mark="alerts_sent_at", now=now, related=["course", "venue"], send=announce
    )
