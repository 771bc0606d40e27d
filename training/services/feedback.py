"""Feedback from attendees: the request (a link per booking) and the one answer it takes."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import notifications, signals
from ..models import Booking, FeedbackRequest, Session
from .common import lock_session

FEEDBACK_AFTER = timedelta(days=1)
ANSWER_FIELDS = ["usefulness", "confidence", "most_useful", "improve", "may_publish"]


class FeedbackAlreadyGivenError(Exception):
    """This booking's feedback was already given: one answer per booking."""


def send_feedback_requests(*, session_id, now=None):
    """Email each attended delegate of a session a link to the feedback form, once.

    One FeedbackRequest per booking (a one-to-one): a booking that has one is skipped, so
    running this twice sends nothing new. The link's token is random and stored only as
    a hash. Marks the session as asked. Returns the requests made now.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(session_id)
        bookings = list(
            session.bookings.filter(
                status=Booking.Status.CONFIRMED,
                attendance=Booking.Attendance.ATTENDED,
                feedback_request__isnull=True,
                anonymised_at__isnull=True,
            ).order_by("pk")
        )
        made = []
        for booking in bookings:
            booking.session = session
            token = secrets.token_urlsafe(32)
            request = FeedbackRequest.objects.create(
                booking=booking, token_hash=notifications.hash_token(token), sent_at=now
            )
            notifications.feedback_request(booking, token=token)
            made.append(request)
        if session.feedback_requested_at is None:
            session.feedback_requested_at = now
            session.save(update_fields=["feedback_requested_at"])
        return made


def send_due_feedback_requests(*, now=None):
    """The daily job: ask for feedback on each session that ended a day ago or more, once.

    A session is asked once (feedback_requested_at); attendance recorded later than
    that still gets its delegates asked the next day, as send_feedback_requests skips
    anyone already asked. Sessions that ended more than 30 days ago are left alone.
    """
    now = now or timezone.now()
    ended = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        ends_at__lte=now - FEEDBACK_AFTER,
        ends_at__gt=now - timedelta(days=30),
    ).filter(
        bookings__status=Booking.Status.CONFIRMED,
        bookings__attendance=Booking.Attendance.ATTENDED,
        bookings__feedback_request__isnull=True,
    )
    sent = 0
    for session_id in ended.values_list("pk", flat=True).distinct():
        sent += len(send_feedback_requests(session_id=session_id, now=now))
    return sent


def feedback_for_token(token):
    """The FeedbackRequest a link belongs to, or None."""
    return (
        FeedbackRequest.objects.select_related("booking__session__course")
        .filter(token_hash=notifications.hash_token(token))
        .first()
    )


def submit_feedback(
    *, token, usefulness, confidence, most_useful="", improve="", may_publish=False
):
    """Store the one answer a feedback link takes. Raises FeedbackAlreadyGivenError after that.

    The request row is locked, answered and saved in one transaction, so two posts of
    the same link (two tabs, a double click) keep one answer. When the delegate allows
    it and wrote what was most useful, `signals.feedback_given` lets the content side
    make a draft testimonial (attributed by job role and organisation only) in the same
    transaction. Raises FeedbackRequest.DoesNotExist for a link never issued.
    """
    with transaction.atomic():
        request = (
            FeedbackRequest.objects.select_for_update(of=("self",))
            .select_related("booking__session__course")
            .get(token_hash=notifications.hash_token(token))
        )
        if request.is_answered:
            raise FeedbackAlreadyGivenError()
        request.usefulness = usefulness
        request.confidence = confidence
        request.most_useful = most_useful.strip()
        request.improve = improve.strip()
        request.may_publish = bool(may_publish)
        request.answered_at = timezone.now()
        request.full_clean(validate_unique=False)
        request.save()
        signals.feedback_given.send(sender=FeedbackRequest, feedback=request)
        return request
