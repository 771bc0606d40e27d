"""Settings of `make bench` only: the live settings plus the yardstick page (bench/urls.py).

The live configuration (prevent_site/settings.py) keeps no benchmark switches; bench/servers.py
starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings.
"""

import os

from prevent_site.settings import *  # noqa: F403
from prevent_site.settings import RATE_LIMITS

ROOT_URLCONF = "bench.urls"

# The burst books 200 places from one address: the limits on public form posts are raised
# (not removed) for the bench; the scale-out step checks them at 1x.
_MULTIPLIER = max(1, int(os.environ.get("BENCH_RATE_LIMIT_MULTIPLIER", "1")))
RATE_LIMITS = {
    key: {
        kind: f"{int(rate.split('/')[0]) * _MULTIPLIER}/{rate.split('/')[1]}"
        for kind, rate in rates.items()
    }
    for key, rates in RATE_LIMITS.items()
}
