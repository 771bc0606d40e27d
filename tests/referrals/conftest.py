"""Fixtures for the referrals tests: cases. Staff come from tests/conftest.py (`staff`,
`staff_client`, `officer`, `officer_client`)."""

import pytest

from .factories import make_referral


@pytest.fixture
def referral(db):
    return make_referral()
