"""A council's first deploy, in real processes with live settings: on a fresh, empty
PostgreSQL database `migrate` then `load_site_content` serve the home, guidance and
legal pages with no bookings, sessions, referrals or staff accounts; an editor's change
survives the next deploy's load; the demo loader refuses to run."""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "/",
    "/about-prevent/",
    "/about-prevent/prevent-strategy/",
    "/get-help/",
    "/learning-and-development/e-learning/",
    "/privacy/",
    "/accessibility/",
    "/cookies/",
    "/training/",
]
SERVE_AND_COUNT = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from referrals.models import Referral
from training.models import Booking, Session
client = Client()
statuses = {url: client.get(url, secure=True).status_code for url in %r}
print(json.dumps({
    "statuses": statuses,
    "sessions": Session.objects.count(),
    "bookings": Booking.objects.count(),
    "referrals": Referral.objects.count(),
    "users": get_user_model().objects.count(),
}))
"""
EDIT_AS_EDITOR = """
import django
django.setup()
from pages.models import Page
from pages.services import save_page
page = Page.objects.get(path="get-help")
page.body += "\\n\\nOur office is closed on 25 December."
save_page(page=page)
"""


def deploy_check_env():
    """The live settings of the Makefile's DEPLOY_CHECK_ENV (placeholder values)."""
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^DEPLOY_CHECK_ENV :=((?:.*\\\n)*.*)$", makefile, re.M).group(1)
    pairs = dict(item.split("=", 1) for item in block.replace("\\\n", " ").split())
    assert pairs["DJANGO_DEBUG"] == "0"
    return pairs


@pytest.fixture
def fresh_database():
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/prevent")
    name = f"prevent_live_check_{uuid.uuid4().hex[:8]}"
    server = urlunsplit(urlsplit(base)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_a_fresh_live_database_gets_its_content_and_nothing_fictional(fresh_database, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= deploy_check_env()
    env |= {
        "DATABASE_URL": fresh_database,
        "DJANGO_SETTINGS_MODULE": "prevent_site.settings",
        "DJANGO_ALLOWED_HOSTS": "prevent.example,testserver",
        # A private cache: this test must not share the machine's Redis with other runs.
        "CACHE_URL": "locmem://",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    for step in (["manage.py", "migrate", "--noinput", "-v0"], ["manage.py", "load_site_content"]):
        result = run(env, *step)
        assert result.returncode == 0, result.stderr
    assert "Site content loaded: " in result.stdout and " 0 skipped" in result.stdout

    served = run(env, "-c", SERVE_AND_COUNT % (PAGES,))
    assert served.returncode == 0, served.stderr
    facts = json.loads(served.stdout.strip().splitlines()[-1])
    assert facts["statuses"] == dict.fromkeys(PAGES, 200)
    assert (facts["sessions"], facts["bookings"], facts["referrals"], facts["users"]) == (
        0,
        0,
        0,
        0,
    )

    # The next deploy: an editor's change is kept and the load says so.
    assert run(env, "-c", EDIT_AS_EDITOR).returncode == 0
    again = run(env, "manage.py", "load_site_content")
    assert again.returncode == 0, again.stderr
    assert "Skipped content/pages/get-help.md (/get-help/): changed in the admin" in again.stdout
    check = run(
        env,
        "-c",
        "import django; django.setup(); from pages.models import Page; "
        "print('closed on 25 December' in Page.objects.get(path='get-help').body)",
    )
    assert check.stdout.strip() == "True", check.stderr

    demo = run(env, "manage.py", "load_demo_content")
    assert demo.returncode != 0
    assert "only runs with DJANGO_DEBUG=1" in demo.stderr
    recount = json.loads(run(env, "-c", SERVE_AND_COUNT % (PAGES,)).stdout.strip().splitlines()[-1])
    assert (recount["sessions"], recount["bookings"], recount["users"]) == (0, 0, 0)
