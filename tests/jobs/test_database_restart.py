"""PostgreSQL stopped for 20 seconds under a live worker, scheduler and web server.

Everything runs against a private throwaway cluster started here on a free port (never
the shared server): `manage.py worker`, `manage.py crontask`, a gunicorn web worker and
the emails. An email
is queued just before the stop while the mail server is also down (so it is still
waiting through the outage), another after the restart. The worker must be the same
process afterwards and deliver both; the scheduler keeps ticking; /healthz goes
200 -> 503 -> 200 by itself.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import Mailbox, free_port, smtp_server

from .processes import PG_BIN, ROOT, PrivatePostgres, Processes, process_env, wait_for

OUTAGE_SECONDS = 20

QUEUE = """
from django.db import transaction
from core.emails import queue_email
with transaction.atomic():
    queue_email(to=["{to}"], subject="{subject}", template="message",
                context={{"heading": "Notice", "paragraphs": ["{subject}"]}})
"""


def queue(env, *, to, subject):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE.format(to=to, subject=subject)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def last_tick(database_url):
    import psycopg

    with psycopg.connect(database_url) as db:
        row = db.execute(
            "SELECT last_succeeded_at FROM core_jobrun WHERE name = %s",
            ["core.scheduling.dispatch_due_jobs"],
        ).fetchone()
    return row[0].timestamp() if row else 0


def healthz(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture
def private_postgres():
    if PG_BIN is None:
        pytest.fail("PostgreSQL server binaries are needed for this test (apt: postgresql)")
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def test_worker_and_web_outlive_a_20_second_database_stop(private_postgres, tmp_path):
    smtp_port = free_port()
    web_port = free_port()
    database_url = private_postgres.create_database("prevent_restart")
    env = process_env(
        database_url=database_url,
        smtp_port=smtp_port,
        EMAIL_RETRY_BASE_SECONDS=1,
        DATABASE_CONN_MAX_AGE=600,
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    mailbox = Mailbox()
    processes = Processes(tmp_path)
    server = None
    try:
        worker = processes.worker("worker", env=env)
        scheduler = processes.scheduler("scheduler", env={**env, "SCHEDULER_TICK_SECONDS": "1"})
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        processes.started.append(
            subprocess.Popen(
                [gunicorn, "prevent_site.wsgi", "-b", f"127.0.0.1:{web_port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        processes.started[-1].log_file = open("/dev/null")  # noqa: SIM115 (closed in stop_all)
        wait_for(lambda: healthz(web_port) == 200, timeout=60, what="the web server")

        # Mail server down: the first email is tried, fails and waits for its retry.
        queue(env, to="before@example.com", subject="Queued before the restart")
        wait_for(lambda: "not sent" in worker.log_path.read_text(), timeout=60, what="a try")

        private_postgres.stop()
        for _second in range(OUTAGE_SECONDS):
            assert worker.poll() is None, "the worker exited during the outage"
            time.sleep(1)
        assert healthz(web_port) == 503
        server = smtp_server(mailbox, smtp_port)  # the mail server is back too
        private_postgres.start()
        restarted_at = time.time()

        wait_for(lambda: healthz(web_port) == 200, timeout=30, what="/healthz to recover")
        queue(env, to="after@example.com", subject="Queued after the restart")
        wait_for(lambda: len(mailbox.delivered) == 2, timeout=90, what="both emails")
        assert worker.poll() is None  # the same process, still running
        # The scheduler too kept running and ticks again.
        wait_for(
            lambda: last_tick(database_url) > restarted_at, timeout=30, what="a scheduler tick"
        )
        assert scheduler.poll() is None
    finally:
        processes.stop_all()
        if server:
            server.stop()
    assert sorted(m["Subject"] for m in mailbox.delivered) == [
        "Queued after the restart",
        "Queued before the restart",
    ]
    assert len(mailbox.copies) == 2  # each sent once
    assert "Database unavailable" in worker.log_path.read_text()
