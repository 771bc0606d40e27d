"""Site content tests: uploads go to a temporary folder; `loaded` runs load_site_content."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load_site_content():
    out = io.StringIO()
    call_command("load_site_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    return load_site_content()


@pytest.fixture
def content_copy(settings, tmp_path):
    """A copy of content/ the test may edit; the loaders read it instead of the real one."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    settings.SITE_CONTENT_DIR = copy
    return copy
