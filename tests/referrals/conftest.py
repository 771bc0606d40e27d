"""Fixtures for the referrals tests: staff by role (signed in with a second factor) and cases."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN

from .factories import make_referral

ROLES = {
    "editor": CONTENT_EDITOR,
    "training_admin": TRAINING_ADMIN,
    "site_admin": SITE_ADMIN,
    "officer": PREVENT_OFFICER,
}


@pytest.fixture
def make_staff(db):
    def make(username, *, role=None, superuser=False):
        user = get_user_model().objects.create_user(
            username=username,
            password="correct-horse-battery-staple",
            is_staff=True,
            is_superuser=superuser,
        )
        if role:
            user.groups.add(Group.objects.get(name=ROLES[role]))
        return user

    return make


def sign_in(client, user):
    """Signed in as the admin requires: with a confirmed second factor in the session."""
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
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
