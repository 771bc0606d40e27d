"""Fixtures for the training tests (factories are in factories.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import TRAINING_ADMIN, setup_roles
from core.testing import sign_in_staff

from .factories import make_session


@pytest.fixture
def session(db):
    return make_session()


@pytest.fixture
def training_admin(db):
    setup_roles()
    user = get_user_model().objects.create_user(
        username="trainer", password="a long password for tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=TRAINING_ADMIN))
    return user


@pytest.fixture
def admin_client(client, training_admin):
    """A client signed in (with two-factor) as a training administrator."""
    sign_in_staff(client, training_admin)
    return client
