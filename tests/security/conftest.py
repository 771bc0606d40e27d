"""Staff users by role, and a clock that tests can move (time-machine)."""

import itertools
import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.testing import authenticator, current_code

PASSWORD = "correct horse battery staple 42"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher takes ~0.5 s a password by design; what is tested here is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_staff(db):
    """make_staff(role=None, superuser=False, device=True) -> a staff user with that role."""

    def make(role=None, *, superuser=False, device=True, username=None):
        user = get_user_model().objects.create_user(
            username=username or f"staff{next(_numbers)}",
            email="staff@warwickshire.example",
            password=PASSWORD,
            is_staff=True,
            is_superuser=superuser,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if device:
            authenticator(user)
        return user

    return make


@pytest.fixture
def clock():
    """The clock stopped at the real time now; a test moves it with clock.shift(seconds).

    It starts 1 s into a 30-second TOTP step, so a short shift keeps the same code.
    """
    start = int(time.time()) // 30 * 30 + 1
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


def code_for(user):
    return current_code(authenticator(user))


def sign_in_with_password(client, user, password=PASSWORD, **extra):
    return client.post(
        "/admin/login/", {"username": user.get_username(), "password": password}, **extra
    )


def sign_in_fully(client, user, **extra):
    """The real two-step sign-in: password, then the app's current code."""
    response = sign_in_with_password(client, user, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/admin/login/code/", {"code": code_for(user)}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
