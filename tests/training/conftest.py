"""Fixtures for the training tests (factories are in factories.py; staff, e.g.
`training_admin` and `trainer_client`, come from tests/conftest.py)."""

import pytest

from .factories import make_session


@pytest.fixture
def session(db):
    return make_session()
