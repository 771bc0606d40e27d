"""Scale-out: two app instances behind nginx in round robin, sharing PostgreSQL and Redis.

Proves the web tier keeps no state of its own:
- a booking journey through nginx is answered by both instances in turn and succeeds
  (the visitor's answers live in the database-backed session, not in a process);
- the staff sign-in lockout counts wrong passwords sent to either instance together, and
  so does the rate limit on public form posts, when one is configured (both counted
  outside the processes: the lockout in PostgreSQL, rate limits in Redis);
- an editor's change is seen at once on both instances, though each had the page cached.
"""

import os
import uuid

from . import site
from .client import BookingStepError, Visitor, book_until_check, confirm, delegate
from .servers import start_gunicorn, start_nginx


def run_scaleout(processes, *, env, nginx_port, ports, book_path, content_path):
    # As on the live site: behind a proxy, with the public forms' real rate limits.
    instance_env = {
        **env,
        "DJANGO_BEHIND_TRUSTED_PROXY": "1",
        "BENCH_RATE_LIMIT_MULTIPLIER": "1",
    }
    for index, port in enumerate(ports):
        start_gunicorn(
            processes,
            name=f"gunicorn-instance-{'ab'[index]}",
            port=port,
            workers=2,
            env=instance_env,
        )
    start_nginx(processes, port=nginx_port, upstream_ports=ports)
    front = f"http://127.0.0.1:{nginx_port}"
    instances = [f"http://127.0.0.1:{port}" for port in ports]
    checks = {
        "booking journey": lambda: _journey(front, book_path),
        "sign-in lockout": lambda: _lockout(instances),
        "public form rate limit": lambda: _rate_limit(instances, book_path),
        "editor's change": lambda: _publish(instances, content_path),
    }
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except (OSError, BookingStepError) as error:
            results[name] = {"ok": False, "detail": f"{type(error).__name__}: {error}"}
    return results


def _journey(front, book_path):
    visitor = Visitor(front)
    check_path, check_page = book_until_check(
        visitor, book_path, delegate(1, f"scaleout-{uuid.uuid4().hex[:8]}")
    )
    answer = confirm(visitor, check_path, check_page)
    confirmed = False
    if answer.status == 302:
        page = visitor.get(answer.location)
        confirmed = page.status == 200 and "PT-" in page.text
    upstreams = [upstream for *_rest, upstream in visitor.history]
    alternated = all(a != b for a, b in zip(upstreams, upstreams[1:], strict=False))
    return {
        "ok": confirmed and len(set(upstreams)) == 2 and alternated,
        "detail": f"{len(upstreams)} requests, answered in turn by {' / '.join(sorted(set(upstreams)))}; "
        + ("booking confirmed" if confirmed else f"booking failed (HTTP {answer.status})"),
    }


def _lockout(instances):
    """Wrong passwords for one username, sent to the two instances in turn."""
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    username = f"bench-lockout-{uuid.uuid4().hex[:8]}"
    statuses = []
    for number in range(limit + 1):
        visitor = Visitor(instances[number % 2])
        page = visitor.get("/admin/login/")
        answer = visitor.post_form(
            page, "/admin/login/", {"username": username, "password": "not-the-password"}
        )
        statuses.append(answer.status)
    _forget_lockout(username)
    # The attempt that reaches the limit is itself refused; neither instance alone saw it.
    expected = [200] * (limit - 1) + [429, 429]
    return {
        "ok": statuses == expected,
        "detail": f"{limit + 1} wrong passwords, A and B in turn: HTTP {statuses} "
        f"(locked at attempt {limit}, when A had seen {(limit + 1) // 2} and B {limit // 2})",
    }


def _forget_lockout(username):
    from axes.utils import reset

    reset(username=username)


def _rate_limit(instances, book_path):
    """Booking form posts from one (fresh) client address, sent to A and B in turn.

    The address is given as nginx gives it (X-Forwarded-For, trusted behind the proxy), so
    the count starts at zero whatever else the bench sent. Each post is a new visitor, so the
    address count applies: if a 429 comes before either instance alone has seen more than
    the limit, only a count shared by both can have refused it.
    """
    from django.conf import settings

    from core.ratelimit import parse_rate

    # The driver's own settings carry the bench's raised limits; the instances' are 1x.
    multiplier = int(os.environ.get("BENCH_RATE_LIMIT_MULTIPLIER", "1"))
    per_address = parse_rate(settings.RATE_LIMITS["training-booking"]["address"])[0]
    limit = per_address // multiplier
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    statuses = []
    for number in range(2 * limit):
        visitor = Visitor(instances[number % 2])
        headers = {"X-Forwarded-For": address}
        page = visitor.get(book_path, headers=headers)
        answer = visitor.post_form(page, book_path, {"council_employee": "no"}, headers=headers)
        statuses.append(answer.status)
        if answer.status == 429:
            break
    refused_at = len(statuses) if statuses[-1] == 429 else None
    return {
        "ok": refused_at is not None,
        "detail": (
            f"limit {limit} per address: refused (429) at post {refused_at}, "
            f"when A had seen {(refused_at + 1) // 2} and B {refused_at // 2}"
            if refused_at
            else f"no 429 in {2 * limit} posts: the limit is not shared"
        ),
    }


def _publish(instances, content_path):
    visitors = [Visitor(url) for url in instances]
    for visitor in visitors:  # warm both instances' view of the page (it is now cached)
        visitor.get(content_path)
    marker = f"Bench change {uuid.uuid4().hex[:6]}"
    previous = site.change_page_title(content_path, marker)
    try:
        seen = [marker in visitor.get(content_path).text for visitor in visitors]
    finally:
        site.change_page_title(content_path, previous)
    restored = [marker not in visitor.get(content_path).text for visitor in visitors]
    return {
        "ok": all(seen) and all(restored),
        "detail": "new title seen on "
        + " and ".join(name for name, ok in zip("AB", seen, strict=True) if ok)
        + ("; change undone on both" if all(restored) else "; undo NOT seen on both"),
    }
