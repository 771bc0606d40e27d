import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_up(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = start_up(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="prevent.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_with_wildcard_hosts_refuses_to_start():
    result = start_up(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def test_mail_is_configured_through_mailers():
    from prevent_site.settings import mailer_from_url

    smtp = mailer_from_url("smtp://user:p%40ss@mail.example:587?tls=1")
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"]["password"] == "p@ss"
    assert smtp["OPTIONS"]["use_tls"] is True
    assert smtp["OPTIONS"]["port"] == 587
