"""Fixtures for the referrals tests: staff by role (the shared `staff` fixture, signed in
with a real TOTP authenticator by core.testing) and cases."""

import pytest

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN
from core.testing import sign_in_staff

from .factories import make_referral

ROLES = {
    "editor": CONTENT_EDITOR,
    "training_admin": TRAINING_ADMIN,
    "site_admin": SITE_ADMIN,
    "officer": PREVENT_OFFICER,
}


@pytest.fixture
def make_staff(staff):
    """make_staff(username, role="officer"...): the shared `staff` fixture, by short role name."""

    def make(username, *, role=None, superuser=False, **fields):
        return staff(
            ROLES[role] if role else None, username=username, superuser=superuser, **fields
        )

    return make


def sign_in(client, user):
    """Signed in as the admin requires: with a confirmed authenticator in the session."""
    sign_in_staff(client, user)
    return client


@pytest.fixture
def officer(make_staff):
    return make_staff("officer1", role="officer")


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


@pytest.fixture
def referral(db):
    return make_referral()
