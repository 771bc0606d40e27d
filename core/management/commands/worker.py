"""`manage.py worker`: django-tasks-db's db_worker that outlives a database restart.

db_worker exits on any OperationalError that is not a locked SQLite file, so a
PostgreSQL restart kills it (and whatever supervises it has to start it again, 14 times
in 20 seconds in one trial). This worker catches the database going away, closes its
connections, waits (1 s, doubling to 10 s) and carries on in the same process. A task
that was running when the database went keeps its "running" row; the email sweeper and
the scheduler redo that work (core.emails, core.scheduling). Same options as db_worker.
"""

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

MAX_WAIT_SECONDS = 10


class ResilientWorker(db_worker.Worker):
    def run(self):
        wait = 1
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if self.batch or not self.running:
                    raise
                logger.warning(
                    "Database unavailable (%s); worker %s retries in %s s",
                    type(error).__name__,
                    self.worker_id,
                    wait,
                )
                self.running_task = False
                for connection in connections.all(initialized_only=True):
                    # A dead connection may not close cleanly; it is dropped either way.
                    with contextlib.suppress(Exception):
                        connection.close()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT_SECONDS)
                # Skip the random start-up delay on the way back in.
                self.startup_delay = False


class Command(db_worker.Command):
    help = "Run the task worker (waits for the database to come back instead of exiting)"

    def handle(self, *args, **options):
        # db_worker.Command.handle builds its Worker by this module-level name.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
