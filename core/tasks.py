"""Scheduled clean-up of sign-in records (see core.scheduling). No arguments."""

from datetime import timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

from .models import StaffSession
from .scheduling import periodic_task

# How long the admin keeps who signed in from where (for investigating misuse).
SIGN_IN_RECORD_DAYS = 90


@periodic_task(every=timedelta(days=1))
def prune_sign_in_records():
    """Delete sign-in logs older than 90 days, spent lockout counts and ended sessions."""
    now = timezone.now()
    logs_before = now - timedelta(days=SIGN_IN_RECORD_DAYS)
    deleted = {
        "access_logs": AccessLog.objects.filter(attempt_time__lt=logs_before).delete()[0],
        "failure_logs": AccessFailureLog.objects.filter(attempt_time__lt=logs_before).delete()[0],
        "attempts": AccessAttempt.objects.filter(
            attempt_time__lt=now - settings.AXES_COOLOFF_TIME
        ).delete()[0],
        "staff_sessions": StaffSession.objects.filter(
            signed_in_at__lt=now - timedelta(seconds=settings.STAFF_SESSION_MAX_SECONDS)
        ).delete()[0],
    }
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return deleted
