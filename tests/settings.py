"""The test configuration: the live settings with the environment said to be "test".

pytest-django loads this module (pyproject.toml), so test mode is set by the test run and
never guessed from a variable a stray process could inherit.
"""

import os

os.environ["DJANGO_ENV"] = "test"

from prevent_site.settings import *  # noqa: F403

# Extra periodic jobs for the scheduler tests' subprocesses (tests/jobs/periodic_fixture.py).
PERIODIC_TASK_MODULES = [
    m for m in os.environ.get("TEST_PERIODIC_TASK_MODULES", "").split(",") if m
]
