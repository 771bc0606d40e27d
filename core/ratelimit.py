"""Rate limits for public form posts: they stop robots, not colleagues behind one address.

    @rate_limit(key="training-booking", rate=settings.RATE_LIMITS["training-booking"])
    def book(request, ...): ...

`rate` is a string ("10/m": the same limit per visitor session and per address) or a dict:

- "session": posts per visitor session (the Django session; a client without one has none);
- "address": posts per client address: IPv4 as it is, IPv6 by its /64 (one household or
  office gets one /64, so a new address from it is no new bucket). The ceiling is set so
  that a large office behind one address never meets it in normal use (README);
- "journey" (optional): once a session has passed a step of this journey (a POST answered
  with a redirect to the next page), its later posts are counted per session only, with
  this generous limit: a journey already under way is never interrupted by what others
  behind the same address do.

Windows slide: a two-window weighted counter (the previous window's count, weighted by how
much of it still overlaps the last `period` seconds, plus the current window's), so a
burst at a window boundary cannot double the rate. Counts live in the default cache's
Redis (one pipelined round trip a counter); if Redis does not answer they are counted in
the database (core.RateLimitCount) with the same limits, so the forms keep working and
the robots stay limited; if neither answers, the post is refused with the 429 page, never
a 500. Only the methods named are counted (POST by default): reading is never limited.
"""

import hashlib
import ipaddress
import logging
import random
import re
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection
from django.shortcuts import render
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(?P<count>\d+)/(?P<multiple>\d*)(?P<unit>[smhd])$")
# Session key listing the journeys (rate-limit keys) this visitor is already past the start of.
JOURNEYS_SESSION_KEY = "_ratelimit_journeys"
KINDS = ("session", "address", "journey")


def parse_rate(rate):
    """Parse a rate: '10/m' is (10, 60) and '5/15m' is (5, 900). ValueError for anything else."""
    match = _RATE.match(rate.strip())
    if not match or int(match["count"]) < 1:
        raise ValueError(f"Rate must look like '10/m' or '5/15m', not {rate!r}")
    return int(match["count"]), int(match["multiple"] or 1) * _UNITS[match["unit"]]


def parse_rates(rate):
    """A rate string or {"session", "address"[, "journey"]} -> {kind: (limit, period)}."""
    if isinstance(rate, str):
        return {"session": parse_rate(rate), "address": parse_rate(rate)}
    if not {"session", "address"} <= set(rate) <= set(KINDS):
        raise ValueError(f"Rates need 'session' and 'address' (and may have 'journey'): {rate!r}")
    return {kind: parse_rate(value) for kind, value in rate.items()}


def _valid_ip(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _address(request):
    if settings.BEHIND_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops and (address := _valid_ip(hops[-1])):
            return address
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our trusted proxy X-Forwarded-For's last hop.

    Only the last entry of X-Forwarded-For is the one our proxy wrote; everything to its
    left came from the client and could be forged, so it is never used.
    """
    address = _address(request)
    return str(address) if address else None


def client_network(request):
    """The client's bucket for limits and the sign-in lockout (AXES_CLIENT_IP_CALLABLE).

    An IPv4 address as it is; an IPv6 address as the first address of its /64, since one
    subscriber is given a whole /64 and could otherwise take a fresh address per attempt.
    """
    address = _address(request)
    if address is None:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


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


# --- Counting --------------------------------------------------------------------------------
class _CacheCounter:
    """Counts in the default cache: Redis directly (one pipeline), else the cache API."""

    def __init__(self):
        self.cache = caches["default"]

    def hit(self, current, previous, timeout):
        if isinstance(self.cache, RedisCache):
            pipe = self.cache._cache.get_client(write=True).pipeline(transaction=False)
            pipe.incr(self.cache.make_key(current))
            pipe.expire(self.cache.make_key(current), timeout)
            pipe.get(self.cache.make_key(previous))
            count, _expire, before = pipe.execute()
            return int(count), int(before or 0)
        # Local memory (the demo, tests): not shared between processes, check --deploy says so.
        self.cache.add(current, 0, timeout=timeout)
        try:
            count = self.cache.incr(current)
        except ValueError:  # expired between add and incr
            self.cache.set(current, 1, timeout=timeout)
            count = 1
        return count, int(self.cache.get(previous) or 0)


class _DatabaseCounter:
    """The same counts in core.RateLimitCount, used only while Redis does not answer."""

    def hit(self, current, previous, timeout):
        from .models import RateLimitCount

        table = connection.ops.quote_name(RateLimitCount._meta.db_table)
        now = datetime.now(tz=UTC)
        expires = datetime.fromtimestamp(now.timestamp() + timeout, tz=UTC)
        with connection.cursor() as cursor:
            # One statement, so two workers counting at once never lose a hit.
            cursor.execute(
                f'INSERT INTO {table} ("key", "count", "expires_at") VALUES (%s, 1, %s) '  # noqa: S608
                f'ON CONFLICT ("key") DO UPDATE SET "count" = {table}."count" + 1 '
                'RETURNING "count"',
                [current, expires],
            )
            count = cursor.fetchone()[0]
        before = (
            RateLimitCount.objects.filter(key=previous, expires_at__gt=now)
            .values_list("count", flat=True)
            .first()
        )
        if random.random() < 0.02:  # noqa: S311 (housekeeping, not security)
            RateLimitCount.objects.filter(expires_at__lte=now).delete()
        return count, before or 0


def _weighted(counter, name, limit, period, now):
    """Count one hit in the sliding window; return seconds to wait if over, else 0."""
    window = int(now // period)
    elapsed = now - window * period
    current, previous = counter.hit(f"{name}:{window}", f"{name}:{window - 1}", 2 * period + 1)
    overlap = 1 - elapsed / period
    if previous * overlap + current <= limit:
        return 0
    # Refused posts count too (a robot that keeps knocking stays out). The wait is until a
    # next post would be within the limit.
    if current >= limit:  # this window must become the previous one and fade enough
        wait = (period - elapsed) + period * (1 - (limit - 1) / current)
    else:  # the previous window fades until there is room for one more
        wait = period * (1 - (limit - current - 1) / previous) - elapsed
    return max(1, int(wait) + 1)


def _digest(value):
    # A hash, never the address or the session key itself, goes into the counter's name.
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def _session_state(request, key):
    """(the visitor's session key or None, whether it is past a step of journey `key`)."""
    session = getattr(request, "session", None)
    if session is None:
        return None, False
    # Reading loads the session first: a made-up or expired cookie then has no key, so it
    # is no bucket of its own.
    journeys = session.get(JOURNEYS_SESSION_KEY, [])
    return session.session_key, key in journeys


def hit(key, request, rates):
    """Count one post under `key`; return (seconds to wait, what was over), or (0, None)."""
    now = time.time()
    session_key, in_journey = _session_state(request, key)
    if "journey" in rates and session_key and in_journey:
        counts = [("journey", f"s:{_digest(session_key)}")]
    else:
        counts = [("address", f"a:{_digest(client_network(request) or 'unknown')}")]
        if session_key:
            counts.append(("session", f"s:{_digest(session_key)}"))
    for counter in (_CacheCounter, _DatabaseCounter):
        try:
            waits = [
                (_weighted(counter(), f"ratelimit:{key}:{kind}:{who}", *rates[kind], now), kind)
                for kind, who in counts
            ]
            break
        except (RedisError, OSError) as error:
            logger.warning(
                "Rate limit %s: the cache did not answer (%s)", key, type(error).__name__
            )
        except DatabaseError as error:
            logger.error("Rate limit %s: nowhere to count (%s)", key, type(error).__name__)
            return 60, "unavailable"  # fail closed: the 429 page, never a 500
    over = [(wait, kind) for wait, kind in waits if wait]
    return max(over) if over else (0, None)


def rate_limit(*, key="public-post", rate="10/m", methods=("POST",)):
    """Limit the decorated view's posts per session and per address (see module docstring)."""
    rates = parse_rates(rate)  # a typo in a rate fails at import, not on the first visitor

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            retry_after, over = hit(key, request, rates)
            if retry_after:
                logger.warning("Rate limit %s reached (%s)", key, over)
                return too_many_requests(request, retry_after=retry_after)
            response = view(request, *args, **kwargs)
            if "journey" in rates and 300 <= response.status_code < 400:
                # Past a step: from now on only this session's own pace counts.
                journeys = request.session.get(JOURNEYS_SESSION_KEY, [])
                if key not in journeys:
                    request.session[JOURNEYS_SESSION_KEY] = [*journeys, key]
            return response

        return wrapped

    return decorator
