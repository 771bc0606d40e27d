"""Staff sign-in lockout (django-axes): 429 after repeated failures, back after the cool-off."""

import logging

import pytest
from django.conf import settings

from .conftest import PASSWORD, code_for, sign_in_fully, sign_in_with_password

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_then_the_cool_off_ends_it(client, staff, clock):
    user = staff(superuser=True, device=True)
    limit = 5  # as the README promises: 5 wrong passwords or codes lock the pair
    for _attempt in range(limit - 1):
        response = sign_in_with_password(client, user, password="wrong password here")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()

    locking = sign_in_with_password(client, user, password="wrong password here")
    assert locking.status_code == 429  # the limit-th failure locks at once
    after_limit = sign_in_with_password(client, user, password="still wrong")
    assert after_limit.status_code == 429  # the N+1th bad password
    html = after_limit.content.decode()
    assert "Sign-in is paused" in html and "Wait 15 minutes" in html
    assert after_limit["Retry-After"] == "900"
    assert "govuk-template" in html  # the site's layout, not a bare message

    # Even the right password is refused while locked.
    assert sign_in_with_password(client, user).status_code == 429

    clock.shift(15 * 60 + 1)
    response = sign_in_with_password(client, user)
    assert response.status_code == 302 and response["Location"] == "/admin/login/code/"
    assert client.post("/admin/login/code/", {"code": code_for(user)})["Location"] == "/admin/"


def test_lockout_is_for_that_username_from_that_address_only(client, staff, clock):
    user = staff(superuser=True, device=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, user, password="wrong", REMOTE_ADDR="203.0.113.9")
    assert sign_in_with_password(client, user, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The same person from the office is not locked out by someone elsewhere.
    assert sign_in_with_password(client, user, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_wrong_codes_count_towards_the_lockout(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user)
    wrong = "000000" if code_for(user) != "000000" else "111111"
    statuses = []
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(60)  # past django-otp's own throttle, so each code is really checked
        sign_in_with_password(client, user)
        statuses.append(client.post("/admin/login/code/", {"code": wrong}).status_code)
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    assert sign_in_with_password(client, user).status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(client, staff, clock):
    user = staff(superuser=True, device=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_with_password(client, user, password="wrong")
    sign_in_fully(client, user)
    client.post("/admin/logout/")
    clock.shift(60)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_with_password(client, user, password="wrong").status_code == 200


def test_sign_in_events_are_logged_without_passwords_codes_or_usernames(
    client, staff, clock, caplog
):
    user = staff(superuser=True, username="jane.smith", device=True)
    caplog.set_level(logging.INFO)
    sign_in_with_password(client, user, password="Wrong-Secret-123")
    sign_in_with_password(client, user)
    code = code_for(user)
    client.post("/admin/login/code/", {"code": code})
    client.post("/admin/logout/")
    client.post("/admin/login/", {"username": "nobody.here", "password": "Wrong-Secret-123"})

    security = [r.getMessage() for r in caplog.records if r.name == "core.security"]
    assert f"Staff sign-in refused at the password step for user {user.pk}" in security
    assert "Staff sign-in refused at the password step for user unknown" in security
    assert any(
        m.startswith(f"Staff sign-in: user {user.pk} (second factor: TOTP") for m in security
    )
    assert any(m.startswith(f"Staff sign-out: user {user.pk}") for m in security)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Wrong-Secret-123", PASSWORD, code, "jane.smith", "nobody.here"):
        assert secret not in everything


def test_log_times_carry_their_utc_offset():
    import re

    formatter = logging.Formatter(
        settings.LOGGING["formatters"]["plain"]["format"],
        settings.LOGGING["formatters"]["plain"]["datefmt"],
    )
    record = logging.LogRecord("core.security", logging.INFO, "", 0, "x", None, None)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO ", formatter.format(record))


def test_long_passphrases_are_used_exactly_as_typed(client, staff):
    user = staff(superuser=True, device=True)
    passphrase = "  " + "a long passphrase with spaces at both ends " * 3 + "  "
    user.set_password(passphrase)
    user.save()
    assert len(passphrase) > 64
    assert sign_in_with_password(client, user, password=passphrase).status_code == 302
    # Not trimmed, not truncated: the same words without the spaces are another password.
    other = client.__class__()
    assert sign_in_with_password(other, user, password=passphrase.strip()).status_code == 200
