"""Certificates of attendance."""

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import Booking, Certificate
from .common import lock_session
from .log import log_action


def issue_certificates(*, session_id, user=None):
    """Email a certificate to each delegate marked as attended on the session, once.

    Only confirmed bookings whose attendance is recorded as attended get one; a booking
    that already has a certificate is skipped, so issuing twice sends nothing new. Each
    certificate (a snapshot of name, course, date and duration, with a random code) and
    its email (with the link to download the PDF and to check it) are made in one
    transaction under the session's row lock, and the issue is in the action log.
    Returns the certificates made now.
    """
    with transaction.atomic():
        session = lock_session(session_id)
        bookings = list(
            session.bookings.select_for_update(of=("self",))
            .filter(
                status=Booking.Status.CONFIRMED,
                attendance=Booking.Attendance.ATTENDED,
                certificate__isnull=True,
                anonymised_at__isnull=True,
            )
            .order_by("pk")
        )
        now = timezone.now()
        made = []
        for booking in bookings:
            booking.session = session
            certificate = Certificate.objects.create(
                booking=booking,
                full_name=booking.full_name,
                course_title=session.course.title,
                session_date=timezone.localtime(session.starts_at).date(),
                duration=session.course.duration,
                issued_at=now,
            )
            notifications.certificate_issued(certificate)
            made.append(certificate)
        if made or user is not None:
            log_action(
                "training.session.certificates_issued",
                session=session,
                user=user,
                data={"issued": [certificate.booking.reference for certificate in made]},
            )
        return made
