"""A periodic job for the scheduler tests' subprocesses only (TEST_PERIODIC_TASK_MODULES).

Never imported by the test process itself. Each run appends "start <pid> <time>" to
TEST_JOB_LOG, sleeps TEST_JOB_SECONDS, then appends "done <pid> <time>".
"""

import os
import time
from datetime import timedelta

from core.scheduling import periodic_task

EVERY_SECONDS = 4


def _log(word):
    path = os.environ.get("TEST_JOB_LOG")
    if path:
        with open(path, "a") as log:
            log.write(f"{word} {os.getpid()} {time.time()}\n")


@periodic_task(every=timedelta(seconds=EVERY_SECONDS))
def slow_job():
    _log("start")
    time.sleep(float(os.environ.get("TEST_JOB_SECONDS", "0")))
    _log("done")
    return "done"
