"""Demo: certificates and feedback links for the demo's past sessions, through the services.

Runs after training.demo (its past sessions have attendance recorded). Idempotent: the
services issue a certificate and ask for feedback once per booking.
"""

from django.utils import timezone

from . import services
from .models import Booking, Certificate, Session


def load(*, stdout, bench=False):
    past = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        ends_at__lt=timezone.now(),
        bookings__reference__startswith="PT-D",
        bookings__attendance=Booking.Attendance.ATTENDED,
    ).distinct()
    issued = asked = 0
    for session in past:
        issued += len(services.issue_certificates(session_id=session.pk))
        asked += len(services.send_feedback_requests(session_id=session.pk))
    example = Certificate.objects.order_by("pk").first()
    stdout.write(
        f"Training follow-up: {issued} certificates issued, {asked} feedback links sent"
        + (f" (check one at /training/certificates/{example.code}/)." if example else ".")
    )
