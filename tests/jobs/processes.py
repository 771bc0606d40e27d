"""Real processes for the fault tests: manage.py workers and schedulers and a private
throwaway PostgreSQL cluster. The test SMTP server they send to is in tests/servers.py."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _postgres_bin():
    """The newest PostgreSQL server binaries installed (Debian's layout), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


PG_BIN = _postgres_bin()


def wait_for(condition, *, timeout, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def shared_database_url():
    """The database this test run uses, for subprocesses to share it."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def process_env(*, database_url, smtp_port=None, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "EMAIL_", "PYTEST", "TEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
    )
    if smtp_port:
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}?timeout=60"
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Processes:
    """Starts manage.py commands; stops whatever is left at the end (by their own pid)."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.started = []

    def manage(self, name, *args, env):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop_all)
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_file = log
        process.log_path = self.log_dir / f"{name}.log"
        self.started.append(process)
        return process

    def worker(self, name, *, env):
        return self.manage(
            name, "worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", env=env
        )

    def scheduler(self, name, *, env):
        return self.manage(name, "crontask", "--no-heartbeat", env=env)

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.log_file.close()


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free port in a temp folder, run as the
    postgres user: never the shared server. `stop()`/`start()` simulate a restart."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="prevent-jobs-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(
            PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )

    def _as_postgres(self, *command, check=True):
        return subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                *map(str, command),
            ],
            check=check,
            capture_output=True,
            text=True,
        )

    def start(self):
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.dir / "postgres.log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self):
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self, name):
        self._as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self):
        self._as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False
        )
        shutil.rmtree(self.dir, ignore_errors=True)
