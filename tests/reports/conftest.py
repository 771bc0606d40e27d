"""Staff by role, signed in as the admin requires (with a verified second factor)."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, TRAINING_ADMIN
from core.testing import sign_in_staff

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(*roles, superuser=False):
        user = get_user_model().objects.create_user(
            username=f"reports{next(_numbers)}",
            password="a long password for the report tests",
            is_staff=True,
            is_superuser=superuser,
        )
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def signed_in(make_user):
    """signed_in(*roles, superuser=False) -> a Client signed in with two factors."""

    def sign_in(*roles, superuser=False):
        client = Client()
        sign_in_staff(client, make_user(*roles, superuser=superuser))
        return client

    return sign_in


@pytest.fixture
def trainer_client(signed_in):
    return signed_in(TRAINING_ADMIN)


@pytest.fixture
def officer_client(signed_in):
    return signed_in(PREVENT_OFFICER)


@pytest.fixture
def editor_client(signed_in):
    return signed_in(CONTENT_EDITOR)


@pytest.fixture
def superuser_client(signed_in):
    """A superuser who is not a Prevent officer."""
    return signed_in(superuser=True)


@pytest.fixture
def both_client(signed_in):
    """A superuser who is also a Prevent officer: sees both sections."""
    return signed_in(PREVENT_OFFICER, superuser=True)
