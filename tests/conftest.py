"""Fixtures shared by every test folder.

Tests run on PostgreSQL only (settings pick DATABASE_URL, else the local server);
if it does not answer, the run stops with a clear message instead of falling back.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from core import roles


def pytest_configure(config):
    import psycopg

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("Tests must run on PostgreSQL: set DATABASE_URL=postgres://...", returncode=1)
    try:
        psycopg.connect(
            host=database["HOST"] or "127.0.0.1",
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        pytest.exit(
            f"PostgreSQL is not answering at {database['HOST']}:{database['PORT']} ({error}). "
            "Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) "
            "or set DATABASE_URL.",
            returncode=1,
        )


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with empty caches (rate limits; cached pages, core/page_cache.py)."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def run_tasks(db):
    """Run every task that is due, the way the production worker does. Returns the outbox."""

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
        return mail.outbox

    return run


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on loopback that the site's mailer points at (tests/servers.py). It is
    down until the test calls `mail_server.start()`, so a first delivery fails as in a mail
    outage; `mail_server.mailbox.copies` holds every message it received."""
    from tests.servers import MailServer, mailers_for

    server = MailServer()
    settings.MAILERS = mailers_for(server.port, timeout=2)
    yield server
    server.stop()


@pytest.fixture
def run_retries(run_tasks):
    """Let the back-off delay of every waiting email pass, then run the tasks twice: the
    retry, and a second pass that would show anything sent twice."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from core.models import OutboundEmail

    def run():
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        OutboundEmail.objects.update(next_attempt_at=timezone.now())
        run_tasks()
        return run_tasks()

    return run


@pytest.fixture
def public_client(client):
    return client


# --- Staff: the one way every test folder makes a staff member -----------------------------
STAFF_PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def staff(db):
    """`staff(role, ...)` makes an active staff member in `role` (a core.roles name, or
    None for staff with no role). `superuser=True` makes a superuser; `username` defaults
    to a fresh one; `device=True` gives them a confirmed TOTP authenticator
    (core.testing.authenticator). The password is STAFF_PASSWORD."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import setup_roles
    from core.testing import authenticator

    made = []

    def make(role=None, *, username=None, superuser=False, device=False, **fields):
        setup_roles()
        username = username or f"staff{len(made) + 1}-{(role or 'none').split()[0].lower()}"
        user = get_user_model().objects.create_user(
            username=username,
            password=STAFF_PASSWORD,
            email=fields.pop("email", f"{username}@example.com"),
            is_staff=fields.pop("is_staff", True),
            is_superuser=superuser,
            **fields,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if device:
            authenticator(user)
        made.append(user)
        return user

    return make


@pytest.fixture
def staff_client(staff):
    """`staff_client(role, ...)`: a new Django test client signed in as a new staff member in
    `role` with a real confirmed TOTP authenticator, as the admin's code page leaves it.
    Takes the arguments of `staff`, or `user=` for an existing account; the client's
    `.user` is the account."""
    from django.test import Client

    from core.testing import sign_in_staff

    def make(role=None, *, user=None, **kwargs):
        client = Client()
        client.user = user or staff(role, **kwargs)
        sign_in_staff(client, client.user)
        return client

    return make


# Per-audience conveniences, one line each on top of `staff` / `staff_client`.
@pytest.fixture
def officer(staff):
    return staff(roles.PREVENT_OFFICER, username="officer1")


@pytest.fixture
def editor(staff):
    return staff(roles.CONTENT_EDITOR, username="editor")


@pytest.fixture
def training_admin(staff):
    return staff(roles.TRAINING_ADMIN, username="trainer")


@pytest.fixture
def officer_client(staff_client, officer):
    return staff_client(user=officer)


@pytest.fixture
def editor_client(staff_client, editor):
    return staff_client(user=editor)


@pytest.fixture
def trainer_client(staff_client, training_admin):
    return staff_client(user=training_admin)


@pytest.fixture
def superuser_client(staff_client):
    """A superuser who is not a Prevent officer."""
    return staff_client(None, superuser=True)


@pytest.fixture
def both_client(staff_client):
    """A superuser who is also a Prevent officer: sees both sections."""
    return staff_client(roles.PREVENT_OFFICER, superuser=True)
