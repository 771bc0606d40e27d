"""The production pieces `make bench` runs: gunicorn.conf.py, the pool switch, bench mode."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
LIVE_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "prevent.example",
    "SITE_URL": "https://prevent.example",
    "EMAIL_URL": "smtp://mail.example:587",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "REFERRAL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "MESSAGE_ENCRYPTION_KEYS": "bWVzc2FnZS1ub3QtYS1yZWFsLWtleS0zMi1ieXRlcyE=",
    "DATABASE_URL": "postgres://prevent@db.example:5432/prevent",
}


def live_settings(**extra):
    """Selected settings as the live site would load them (a fresh interpreter)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST"))
    }
    env.update(LIVE_ENV, **extra)
    code = (
        "import json; from prevent_site import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'bench': hasattr(s, 'BENCH_MODE'), "
        "'cache': s.CACHES['default']['BACKEND'], 'caches': s.CACHES}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_persistent_connections_are_the_default():
    db = live_settings()["db"]
    assert db["CONN_MAX_AGE"] == 600
    assert "pool" not in db.get("OPTIONS", {})


def test_database_pool_switches_to_psycopgs_pool_without_persistent_connections():
    db = live_settings(DATABASE_POOL="1")["db"]
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 2}


def test_the_page_cache_has_a_redis_database_of_its_own_with_a_short_timeout():
    caches = live_settings(CACHE_URL="redis://cache.internal:6379/3")["caches"]
    assert caches["default"]["LOCATION"] == "redis://cache.internal:6379/3"
    assert caches["pages"]["LOCATION"] == "redis://cache.internal:6379/4"
    assert caches["pages"]["OPTIONS"]["socket_timeout"] <= 0.5
    own = live_settings(PAGE_CACHE_URL="redis://pages.internal:6380/0")["caches"]["pages"]
    assert own["LOCATION"] == "redis://pages.internal:6380/0"


@pytest.mark.django_db
def test_the_baseline_page_exists_only_in_bench_settings(client):
    # The live settings keep no benchmark switch, whatever the environment says.
    assert live_settings(DJANGO_BENCH_MODE="1")["bench"] is False
    assert resolve("/bench/baseline/").url_name == "page"  # just an address a page could have
    assert client.get("/bench/baseline/").status_code == 404


def gunicorn_config(**env):
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_runs_sync_workers_from_the_environment():
    config = gunicorn_config(WEB_CONCURRENCY="3", GUNICORN_BIND="10.0.1.11:8000")
    assert config["worker_class"] == "sync"
    assert config["workers"] == 3
    assert config["bind"] == ["10.0.1.11:8000"]
    assert config["wsgi_app"] == "prevent_site.wsgi:application"


def test_gunicorn_defaults_to_two_workers_per_core_and_recycles_them():
    os.environ.pop("WEB_CONCURRENCY", None)
    config = gunicorn_config()
    assert config["workers"] == 2 * os.cpu_count()
    # Tens of thousands: a worker serving cached pages at full speed is not replaced every
    # few seconds (docs/deploy.md "Worker memory" has the measured growth).
    assert config["max_requests"] >= 50_000
    assert 0 < config["max_requests_jitter"] < config["max_requests"]


def test_gunicorn_logs_no_query_strings_or_addresses():
    config = gunicorn_config()
    assert config["accesslog"] is None
    assert "%(U)s" in config["access_log_format"]  # the path without its query string
    for item in ("%(r)s", "%(q)s", "%(h)s", "%(f)s"):
        assert item not in config["access_log_format"]
