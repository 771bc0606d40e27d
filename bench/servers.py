"""Starting and stopping what the bench runs: gunicorn, the task worker, nginx, Redis.

Every process is started in its own process group and stopped by that group's id, so
the bench ends exactly what it started and nothing else.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/prevent_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/7"
OWN_REDIS_PORT = 6391

INSTALL_HINTS = {
    "wrk": "apt-get install wrk",
    "nginx": "apt-get install nginx",
    "redis-server": "apt-get install redis-server",
}


class BenchSetupError(Exception):
    pass


def missing_tools(names):
    return [name for name in names if shutil.which(name) is None]


def port_open(host, port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def bench_key(file_name):
    """A Fernet key of the bench's own, made once and kept in var/bench (never committed).

    The referrals and the queued emails each get one, as each has its own on the live site.
    """
    path = VAR / file_name
    if not path.exists():
        from cryptography.fernet import Fernet

        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


def bench_env(*, database_url, cache_url, pool=False, debug=False, extra=None):
    """The live configuration, pointed at the bench database and cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "CACHE_", "PAGE_CACHE_", "EMAIL_", "REFERRAL_", "MESSAGE_")
        )
        and key not in {"PYTEST_VERSION", "WEB_CONCURRENCY", "GUNICORN_BIND"}
    }
    (VAR / "mail").mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_DEBUG="1" if debug else "0",
        DJANGO_SECRET_KEY=secret_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS (everything else stays as live).
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="bench.settings",
        EMAIL_URL=f"file://{VAR / 'mail'}",
        CACHE_URL=cache_url,
        DATABASE_URL=database_url,
        DATABASE_POOL="1" if pool else "0",
        REFERRAL_ENCRYPTION_KEYS=bench_key("referral-encryption.key"),
        MESSAGE_ENCRYPTION_KEYS=bench_key("message-encryption.key"),
        # The live settings want an https address among the hosts; no bench step follows
        # the links in the emails, so the loopback name stands in for the real one.
        SITE_URL="https://localhost",
        # The burst books 200 places from one address: the limits on public form posts
        # are raised (not removed) for the bench; the scale-out step checks them at 1x.
        BENCH_RATE_LIMIT_MULTIPLIER="100",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


_SECRET = secrets.token_urlsafe(64)


def secret_key():
    """A new secret for each bench run (the driver signs the staff session with it too)."""
    return _SECRET


class Processes:
    """The processes this bench started, stopped in reverse order by their group id."""

    def __init__(self):
        self.started = []

    def start(self, name, command, *, env, log_name=None):
        (VAR / "logs").mkdir(parents=True, exist_ok=True)
        log = open(VAR / "logs" / f"{log_name or name}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603 (our own commands, no shell)
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.started.append((name, process))
        return process

    def stop(self, process, *, timeout=20):
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass
        self.started = [(name, p) for name, p in self.started if p is not process]

    def stop_all(self):
        for _name, process in reversed(list(self.started)):
            self.stop(process)


def wait_until_up(url, *, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchSetupError(f"{url}: the process exited (see var/bench/logs/)")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (loopback)
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise BenchSetupError(f"{url} did not answer within {seconds} s (see var/bench/logs/)")


def start_gunicorn(processes, *, name, port, workers, env):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    command = [str(Path(PYTHON).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    process = processes.start(name, command, env=env)
    wait_until_up(f"http://127.0.0.1:{port}/healthz", process=process)
    return process


def start_worker(processes, *, env):
    command = [PYTHON, "manage.py", "worker", "--interval", "1", "--no-startup-delay"]
    return processes.start("worker", command, env=env)


def worker_rss_mb(master_pid):
    """Resident memory (MB) of each worker of a gunicorn master, from ps."""
    result = subprocess.run(  # noqa: S603
        ["ps", "-o", "pid=,rss=", "--ppid", str(master_pid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    sizes = {}
    for line in result.stdout.splitlines():
        pid, rss = line.split()
        sizes[int(pid)] = round(int(rss) / 1024, 1)
    return sizes


def ensure_redis(processes, cache_url):
    """The cache URL to use: the given Redis if it answers, else one started for the bench."""
    parts = urlsplit(cache_url)
    if port_open(parts.hostname or "127.0.0.1", parts.port or 6379):
        return cache_url
    if shutil.which("redis-server") is None:
        raise BenchSetupError(
            f"No Redis at {parts.hostname}:{parts.port} and no redis-server to start one: "
            + INSTALL_HINTS["redis-server"]
        )
    command = ["redis-server", "--port", str(OWN_REDIS_PORT), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    processes.start("redis", command, env=dict(os.environ))
    deadline = time.monotonic() + 10
    while not port_open("127.0.0.1", OWN_REDIS_PORT):
        if time.monotonic() > deadline:
            raise BenchSetupError("redis-server did not start (see var/bench/logs/redis.log)")
        time.sleep(0.1)
    return f"redis://127.0.0.1:{OWN_REDIS_PORT}/7"


def flush_cache(cache_url):
    """Empty the bench's own Redis databases, nothing else: the one in the URL (rate
    limits) and the next one, where the settings put the page cache (PAGE_CACHE_URL)."""
    import redis

    parts = urlsplit(cache_url)
    database = int(parts.path.strip("/") or 0)
    for number in (database, (database + 1) % 16):
        redis.Redis.from_url(parts._replace(path=f"/{number}").geturl()).flushdb()


NGINX_CONF = """\
# Generated by bench/scaleout.py for one run; deploy/nginx.conf.example is the real one.
worker_processes 1;
{user}pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    upstream prevent_web {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://prevent_web;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Bench only: which instance answered, so the journey can show it alternated.
            add_header X-Bench-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def start_nginx(processes, *, port, upstream_ports):
    folder = VAR / "nginx"
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    # As root, nginx's workers drop to an unprivileged user; it must reach the temp folders.
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    if user:
        for path in [folder, folder / "tmp"]:
            path.chmod(0o755)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=folder, port=port, servers=servers, user=user))
    command = ["nginx", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]
    command += ["-g", "daemon off;"]
    process = processes.start("nginx", command, env=dict(os.environ))
    deadline = time.monotonic() + 10
    while not port_open("127.0.0.1", port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise BenchSetupError("nginx did not start (see var/bench/nginx/error.log)")
        time.sleep(0.1)
    return process
