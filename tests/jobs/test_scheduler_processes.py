"""Periodic jobs with real processes: `manage.py crontask` schedulers and `manage.py worker`s.

The job under test (tests/jobs/periodic_fixture.py) runs every 4 seconds and logs each
start and end with the worker's pid; the scheduler ticks every 0.5 s.
"""

import signal
import time

import pytest
from django_tasks_db.models import DBTaskResult

from core.models import JobRun

from .processes import Processes, process_env, shared_database_url, wait_for

pytestmark = [pytest.mark.django_db(transaction=True)]

JOB = "tests.jobs.periodic_fixture.slow_job"
EVERY = 4


def read_log(path):
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        word, pid, at = line.split()
        rows.append((word, int(pid), float(at)))
    return rows


def job_env(log, seconds):
    return process_env(
        database_url=shared_database_url(),
        SCHEDULER_TICK_SECONDS=0.5,
        TEST_PERIODIC_TASK_MODULES="tests.jobs.periodic_fixture",
        TEST_JOB_LOG=log,
        TEST_JOB_SECONDS=seconds,
    )


def test_a_job_whose_worker_is_killed_mid_run_runs_again_on_time(tmp_path):
    log = tmp_path / "job.log"
    processes = Processes(tmp_path)
    try:
        processes.scheduler("scheduler", env=job_env(log, 0))
        # The first worker's run hangs (60 s): it is killed in the middle of it.
        first = processes.worker("worker-1", env=job_env(log, 60))
        started = wait_for(
            lambda: [r for r in read_log(log) if r[0] == "start"], timeout=60, what="a run"
        )
        assert started[0][1] == first.pid
        first_start = started[0][2]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        second = processes.worker("worker-2", env=job_env(log, 0))

        done = wait_for(
            lambda: [r for r in read_log(log) if r[0] == "done"], timeout=60, what="a full run"
        )
    finally:
        processes.stop_all()
    rows = read_log(log)
    assert done[0][1] == second.pid
    starts = [r for r in rows if r[0] == "start"]
    assert starts[1][1] == second.pid
    # On time: the next run began when its interval came (tick and start-up allowing).
    assert EVERY - 0.5 <= starts[1][2] - first_start <= EVERY + 10, starts
    run = JobRun.objects.get(name=JOB)
    assert run.last_succeeded_at is not None and run.last_error == ""


def test_two_schedulers_never_run_a_job_twice_in_one_interval(tmp_path):
    log = tmp_path / "job.log"
    processes = Processes(tmp_path)
    try:
        env = job_env(log, 0)
        # Two schedulers with no lock between them (no Redis here): the worst case.
        processes.scheduler("scheduler-1", env=env)
        processes.scheduler("scheduler-2", env=env)
        processes.worker("worker-1", env=env)
        processes.worker("worker-2", env=env)
        wait_for(lambda: len(read_log(log)) >= 2, timeout=60, what="the first run")
        time.sleep(4 * EVERY)
    finally:
        processes.stop_all()
    starts = [at for word, _pid, at in read_log(log) if word == "start"]
    assert len(starts) >= 4, starts  # it kept running, every interval
    # Queued once an interval, although two schedulers dispatch every 0.5 s ...
    queued = list(
        DBTaskResult.objects.filter(task_path=JOB)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
    )
    taken = DBTaskResult.objects.filter(task_path=JOB).exclude(status="READY").count()
    assert taken == len(starts), (queued, starts)  # ... and each run taken ran once
    queue_gaps = [(b - a).total_seconds() for a, b in zip(queued, queued[1:], strict=False)]
    assert min(queue_gaps) >= EVERY - 0.1, queue_gaps
    # Never two runs in one interval (a busy worker may pick a run up a little late).
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert min(gaps) > EVERY / 2, gaps
