"""A clock that tests can move (time-machine) and the real two-step sign-in. Staff come
from tests/conftest.py: `staff(role, device=True)` for a member with an authenticator app,
`staff_client(role)` for a client already signed in with both factors."""

import time

import pytest
import time_machine

from core.testing import authenticator, current_code
from tests.conftest import STAFF_PASSWORD

PASSWORD = STAFF_PASSWORD


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher takes ~0.5 s a password by design; what is tested here is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
