"""Scale-out: two app instances behind nginx in round robin, sharing PostgreSQL and Redis.

Proves the web tier keeps no state of its own:
- a booking journey through nginx is answered by both instances in turn and succeeds
  (the visitor's answers live in the database-backed session, not in a process);
- the staff sign-in lockout counts wrong passwords sent to either instance together, and
  so does the rate limit on public form posts, when one is configured (both counted
  outside the processes: the lockout in PostgreSQL, rate limits in Redis);
- an editor's change is seen at once on both instances, though each had the page cached.
"""

import uuid

from . import site
from .client import Visitor, book_until_check, confirm, delegate
from .servers import start_gunicorn, start_nginx

RATE_LIMIT_PROBE = 40  # public form posts tried before concluding there is no rate limit


def run_scaleout(processes, *, env, nginx_port, ports, book_path, content_path):
    for index, port in enumerate(ports):
        start_gunicorn(
            processes,
            name=f"gunicorn-instance-{'ab'[index]}",
            port=port,
            workers=2,
            env={**env, "DJANGO_BEHIND_TRUSTED_PROXY": "1"},
        )
    start_nginx(processes, port=nginx_port, upstream_ports=ports)
    front = f"http://127.0.0.1:{nginx_port}"
    instances = [f"http://127.0.0.1:{port}" for port in ports]
    return {
        "booking journey": _journey(front, book_path),
        "sign-in lockout": _lockout(instances),
        "public form rate limit": _rate_limit(instances, book_path),
        "editor's change": _publish(instances, content_path),
    }


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
    """Public form posts (the booking's first question) from one address, A/B in turn."""
    statuses = []
    for number in range(RATE_LIMIT_PROBE):
        visitor = Visitor(instances[number % 2])
        page = visitor.get(book_path)
        answer = visitor.post_form(page, book_path, {"council_employee": "no"})
        statuses.append(answer.status)
        if answer.status == 429:
            break
    if statuses[-1] != 429:
        return {
            "ok": None,
            "detail": f"no rate limit on the booking form's posts ({RATE_LIMIT_PROBE} accepted)",
        }
    allowed = len(statuses) - 1
    return {
        "ok": True,
        "detail": f"429 after {allowed} posts in all, sent to A and B in turn",
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
