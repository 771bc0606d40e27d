"""Content test fixtures: uploads go to a temporary folder; staff by role, signed in
with a second factor as the admin requires."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import CONTENT_EDITOR, TRAINING_ADMIN
from core.testing import sign_in_staff


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _staff(username, role):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple 42", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return _staff("editor", CONTENT_EDITOR)


@pytest.fixture
def editor_client(client, editor):
    sign_in_staff(client, editor)
    return client


@pytest.fixture
def training_admin_client(client, db):
    sign_in_staff(client, _staff("trainer", TRAINING_ADMIN))
    return client
