"""Fixtures shared by every test folder.

Tests run on PostgreSQL only (settings pick DATABASE_URL, else the local server);
if it does not answer, the run stops with a clear message instead of falling back.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command


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
    """Each test starts with an empty cache (rate limits, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks(db):
    """Run every task that is due, the way the production worker does. Returns the outbox."""

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
        return mail.outbox

    return run


@pytest.fixture
def public_client(client):
    return client
