"""Content test fixtures: uploads go to a temporary folder. Staff come from tests/conftest.py
(`staff`, `staff_client`, `editor`, `editor_client`, `trainer_client`)."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
