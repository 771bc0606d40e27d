"""The kernel's periodic jobs (see core.scheduling). No arguments; each is idempotent."""

from datetime import timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .emails import deliver_email, stale_before
from .models import OutboundEmail, StaffSession
from .scheduling import periodic_task

# How long the admin keeps who signed in from where (for investigating misuse).
SIGN_IN_RECORD_DAYS = 90
# Finished task rows (ids and outcomes only) kept for looking into a problem.
TASK_RESULT_DAYS = 14


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


@periodic_task(every=timedelta(minutes=1))
def sweep_stuck_emails():
    """Re-enqueue every email still queued or "sending" EMAIL_STALE_SECONDS after its
    attempt was due or started (its worker died, or its task was lost), unless a task
    for it is already waiting. Delivery claims the row, so a spare task sends nothing."""
    now = timezone.now()
    stale = stale_before(now)
    stuck = OutboundEmail.objects.filter(
        Q(status=OutboundEmail.Status.QUEUED, next_attempt_at__lt=stale)
        | Q(status=OutboundEmail.Status.SENDING, last_attempt_at__lt=stale)
    ).values_list("pk", flat=True)
    waiting = set(
        DBTaskResult.objects.filter(task_path=deliver_email.module_path)
        .ready()
        .values_list("args_kwargs__kwargs__email_id", flat=True)
    )
    swept = 0
    for email_id in stuck:
        if email_id not in waiting:
            deliver_email.enqueue(email_id=email_id)
            swept += 1
    return f"{swept} email(s) re-enqueued"


@periodic_task(every=timedelta(days=1))
def purge_failed_email_content():
    """Empty the encrypted content of emails that failed more than EMAIL_FAILED_KEEP_DAYS
    ago: kept that long for staff to resend, then only the admin's summary stays."""
    before = timezone.now() - timedelta(days=settings.EMAIL_FAILED_KEEP_DAYS)
    purged = (
        OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED, last_attempt_at__lt=before)
        .exclude(content_encrypted="")
        .update(content_encrypted="")
    )
    return f"{purged} failed email(s) emptied"


@periodic_task(every=timedelta(days=1))
def prune_task_results():
    """Delete finished task rows after 14 days; mark as failed any left "running" for a
    day by a worker that died (its work is redone by the sweeper or the scheduler)."""
    now = timezone.now()
    abandoned = DBTaskResult.objects.running().filter(started_at__lt=now - timedelta(days=1))
    abandoned = abandoned.update(status="FAILED", finished_at=now)
    pruned, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"],
        finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS),
    ).delete()
    return {"abandoned": abandoned, "pruned": pruned}
