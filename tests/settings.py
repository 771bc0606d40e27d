"""The test configuration: the live settings with the environment said to be "test".

pytest-django loads this module (pyproject.toml), so test mode is set by the test run and
never guessed from a variable a stray process could inherit.
"""

import os

os.environ["DJANGO_ENV"] = "test"

from prevent_site.settings import *  # noqa: F403
