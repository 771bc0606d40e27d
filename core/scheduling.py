"""Periodic jobs on top of django.tasks, which has no scheduler of its own.

A periodic task re-enqueues itself (with `run_after`) each time it runs, so the
database task queue always holds exactly one future run of it. `manage.py
schedule_tasks` (run by `make run` and on deploy) puts the first run in place.
Apps register their jobs in their `tasks.py` with `@periodic_task(every=...)`.
"""

import functools
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

PERIODIC_TASKS = {}


def periodic_task(*, every: timedelta):
    def decorator(func):
        @functools.wraps(func)
        def run_and_reschedule(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            finally:
                ensure_scheduled(scheduled, delay=every)

        scheduled = task()(run_and_reschedule)
        PERIODIC_TASKS[scheduled.module_path] = (scheduled, every)
        return scheduled

    return decorator


def ensure_scheduled(scheduled, *, delay=timedelta(0)):
    """Enqueue `scheduled` unless a run of it is already waiting. Returns True if enqueued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=scheduled.module_path, status="READY").exists()
    if waiting:
        return False
    scheduled.using(run_after=timezone.now() + delay).enqueue()
    return True
