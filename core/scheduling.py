"""Periodic jobs: the scheduler decides when, the task worker runs them.

Apps register their jobs in their `tasks.py` with `@periodic_task(every=...)`. The
scheduler process is django-crontask's (`manage.py crontask`, APScheduler underneath,
with a Redis lock so only one runs across machines when CRONTASK["REDIS_URL"] is set).
Every SCHEDULER_TICK_SECONDS it calls `dispatch_due_jobs()`, which, for each job, locks
the job's JobRun row and enqueues it if its interval has passed since it was last
queued. So:
- a job cannot stop: nothing depends on a previous run re-queuing itself; a run lost
  with its worker is simply queued again when its next interval comes;
- a job cannot double: two schedulers (or a lost lock) dispatch under the same row
  lock, so a job is queued at most once an interval; and a run that finds the job
  succeeded less than half an interval ago does nothing;
- every job records its last start, success and failure; /healthz answers 503 naming
  any job that has not succeeded within twice its interval (`overdue_jobs`).
Jobs take no arguments and are idempotent: running one again does no harm.
"""

import functools
import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from apscheduler.triggers.interval import IntervalTrigger
from crontask import scheduler
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

logger = logging.getLogger(__name__)

DISPATCHER = "core.scheduling.dispatch_due_jobs"


@dataclass(frozen=True)
class PeriodicJob:
    task: object
    every: timedelta

    @property
    def name(self):
        return self.task.module_path


PERIODIC_TASKS = {}


def periodic_task(*, every: timedelta):
    """Register a task (no arguments) that the scheduler queues once every `every`."""

    def decorator(func):
        name = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def run_recorded():
            return _run_recorded(name, every, func)

        scheduled = task()(run_recorded)
        PERIODIC_TASKS[name] = PeriodicJob(task=scheduled, every=every)
        return scheduled

    return decorator


def _run_recorded(name, every, func):
    from .models import JobRun

    now = timezone.now()
    with transaction.atomic():
        run, _ = JobRun.objects.select_for_update().get_or_create(name=name)
        if run.last_succeeded_at and now - run.last_succeeded_at < every / 2:
            return "skipped: already ran this interval"
        run.last_started_at = now
        run.save(update_fields=["last_started_at"])
    try:
        result = func()
    except Exception as error:
        JobRun.objects.filter(name=name).update(
            last_failed_at=timezone.now(), last_error=type(error).__name__
        )
        raise
    JobRun.objects.filter(name=name).update(last_succeeded_at=timezone.now(), last_error="")
    return result


def load_jobs():
    """Import every app's tasks.py (and PERIODIC_TASK_MODULES) so all jobs are registered.

    Not crontask's own: its heartbeat task would otherwise join the scheduler."""
    for app in apps.get_app_configs():
        if app.name != "crontask" and module_has_submodule(app.module, "tasks"):
            import_module(f"{app.name}.tasks")
    for module in getattr(settings, "PERIODIC_TASK_MODULES", []):
        import_module(module)
    return PERIODIC_TASKS


def dispatch_due_jobs(at=None):
    """Queue each periodic job whose interval has passed since it was last queued.

    Each decision is made under the job's JobRun row lock and commits with the task
    row it enqueues, so concurrent dispatchers queue a job once. Returns the names queued.
    """
    from .models import JobRun

    queued = []
    for name, job in sorted(load_jobs().items()):
        JobRun.objects.get_or_create(name=name)
        with transaction.atomic():
            run = JobRun.objects.select_for_update().get(name=name)
            # The time is read under the lock: another dispatcher may just have queued it.
            now = at or timezone.now()
            if run.last_enqueued_at and now < run.last_enqueued_at + job.every:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            job.task.enqueue()
            queued.append(name)
    now = at or timezone.now()
    JobRun.objects.update_or_create(
        name=DISPATCHER, defaults={"last_succeeded_at": now, "last_started_at": now}
    )
    return queued


def _tick():
    # The scheduler is a long-running process: drop connections the database closed
    # (a restart) before and after each tick, as Django does around a request.
    close_old_connections()
    try:
        queued = dispatch_due_jobs()
        if queued:
            logger.info("Queued %s", ", ".join(queued))
    except DatabaseError as error:
        # Down or busy (a restart; SQLite's single writer in the demo): the next tick retries.
        logger.warning("Scheduler tick skipped: database unavailable (%s)", type(error).__name__)
    finally:
        close_old_connections()


def intervals():
    """{job name: interval}, the dispatcher included (it runs every tick)."""
    every = {name: job.every for name, job in load_jobs().items()}
    every[DISPATCHER] = timedelta(seconds=settings.SCHEDULER_TICK_SECONDS)
    return every


def overdue_jobs(now=None):
    """Names of the jobs that have not succeeded within twice their interval.

    Counted from the last success, or from when the scheduler first saw the job. Until
    the scheduler has run at all (no JobRun rows: a fresh install) nothing is overdue.
    """
    from .models import JobRun

    now = now or timezone.now()
    every = intervals()
    overdue = []
    for run in JobRun.objects.filter(name__in=every):
        since = run.last_succeeded_at or run.first_seen_at
        if now - since > 2 * every[run.name]:
            overdue.append(run.name)
    return sorted(overdue)


# The scheduler process (`manage.py crontask`) runs this; elsewhere it is never started.
scheduler.add_job(
    _tick,
    IntervalTrigger(seconds=settings.SCHEDULER_TICK_SECONDS),
    name=DISPATCHER,
    max_instances=1,
    coalesce=True,
)
