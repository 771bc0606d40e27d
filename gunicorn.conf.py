"""gunicorn settings for the live site (and `make bench`): `gunicorn -c gunicorn.conf.py`.

Read from the environment so one file serves every machine:
- WEB_CONCURRENCY: worker processes (default 2 per CPU core);
- GUNICORN_BIND: address to listen on (default 127.0.0.1:8000, behind nginx);
- GUNICORN_MAX_REQUESTS: a worker is replaced after about this many requests (default 100,000);
- GUNICORN_ACCESS_LOG: a file or "-" for stderr; unset, no access log (nginx keeps one).
"""

import multiprocessing
import os

wsgi_app = "prevent_site.wsgi:application"

# Sync workers: the views are synchronous and short, and a sync worker serves one request
# at a time, so a slow client never holds up requests queued behind it in the same process
# (gthread with keep-alive clients piles them onto one worker; see DESIGN.md).
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
bind = [os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"]
# Enough for the journey's slowest step (a booking waits on its session's row lock).
timeout = 30
graceful_timeout = 30

# Replace each worker after about 100,000 requests (give or take 10%, so they do not all
# restart at once): a bound on slow growth in memory, set from measurement (docs/deploy.md
# "Worker memory"): a worker starts at about 86 MB and grows about 55 KB per 1,000 cached
# pages, so 100,000 requests add some 6 MB, far under the 150 MB target. 5,000 restarted
# every worker every few seconds at full speed, which showed as latency spikes.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 100_000)
max_requests_jitter = max_requests // 10

# Each worker imports the app itself, so `kill -HUP` (systemctl reload) brings up workers
# on new code without dropping a request; preloading in the master would keep the old code.
preload_app = False

# The heartbeat file lives in memory, not on a disk that may stall (gunicorn's own advice;
# it makes the file with mkstemp and unlinks it at once, so a shared folder is safe).
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None

# No access log by default: nginx logs requests. If one is asked for, it has the path
# without the query string (search terms are the visitor's own words) and no address.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

# gunicorn's control socket is not used, and two instances on one machine would share
# its path (~/.gunicorn/gunicorn.ctl).
control_socket_disable = True
