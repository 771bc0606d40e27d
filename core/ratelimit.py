"""Rate limits for public form posts, counted in the shared cache.

    @rate_limit(key="training-booking", rate="10/m")
    def book(request, ...): ...

Counts requests per client address in fixed windows in the default cache (Redis through
CACHE_URL on the live site, so every worker shares one count; local memory in the demo).
Over the limit, the view is not run and the visitor gets the 429 page with Retry-After.
Only the methods named are counted (POST by default), so reading a page is never limited.
"""

import hashlib
import ipaddress
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(?P<count>\d+)/(?P<multiple>\d*)(?P<unit>[smhd])$")


def parse_rate(rate):
    """Parse a rate: '10/m' is (10, 60) and '5/15m' is (5, 900). ValueError for anything else."""
    match = _RATE.match(rate.strip())
    if not match or int(match["count"]) < 1:
        raise ValueError(f"Rate must look like '10/m' or '5/15m', not {rate!r}")
    return int(match["count"]), int(match["multiple"] or 1) * _UNITS[match["unit"]]


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our trusted proxy X-Forwarded-For's last hop.

    Only the last entry of X-Forwarded-For is the one our proxy wrote; everything to its
    left came from the client and could be forged, so it is never used.
    """
    if settings.BEHIND_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops and (address := _valid_ip(hops[-1])):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def too_many_requests(request, *, retry_after, reason="rate-limit"):
    """The GOV.UK-style 429 page, with Retry-After in seconds."""
    minutes = max(1, -(-int(retry_after) // 60))
    response = render(
        request,
        "errors/429.html",
        {"reason": reason, "wait_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(int(retry_after))
    return response


def hit(key, request, rate):
    """Count one request; return seconds to wait if it is over the limit, else 0."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    # A hash, not the address itself, goes into the cache key.
    who = hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:24]
    cache_key = f"ratelimit:{key}:{who}:{window}"
    retry_after = max(1, int((window + 1) * period - now))
    cache.add(cache_key, 0, timeout=retry_after + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the window's first hit
        cache.set(cache_key, 1, timeout=retry_after + 1)
        count = 1
    return retry_after if count > limit else 0


def rate_limit(*, key="public-post", rate="10/m", methods=("POST",)):
    """Limit the decorated view to `rate` requests per client address (see module docstring)."""
    parse_rate(rate)  # a typo in a rate fails at import, not on the first visitor

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(key, request, rate)
                if retry_after:
                    logger.warning("Rate limit %s reached (%s)", key, rate)
                    return too_many_requests(request, retry_after=retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
