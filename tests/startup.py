"""`manage.py check` in a fresh process, as the site starts: for the tests of what the
settings and the deploy checks refuse at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What this test run sets for itself: a start-up under test gets only what the test gives.
TEST_RUN_VARIABLES = ("DJANGO_", "PYTEST", "MESSAGE_", "REFERRAL_", "SITE_URL")


def manage_check(*options, **env):
    """Runs `manage.py check *options` with this run's environment, less its own settings
    (TEST_RUN_VARIABLES), plus `env`; returns the finished process (output as text)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(TEST_RUN_VARIABLES)}
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
