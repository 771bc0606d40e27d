"""Two-factor sign-in to the admin: password then code; enrolment; single-use codes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import two_factor
from core.testing import current_code

from .conftest import code_for, sign_in_fully, sign_in_with_password
from .test_admin_matrix import every_admin_url

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_password_only_staff_cannot_reach_any_admin_page(client, staff):
    superuser = staff(superuser=True, device=True)
    client.force_login(superuser)  # signed in by password alone, no second factor
    urls = [url for _label, url in every_admin_url()] + [
        "/admin/password_change/",
        "/admin/two-factor/backup-codes/",
        "/admin/account/sessions/",
        "/admin/auth/",
    ]
    reached = {}
    for url in urls:
        response = client.get(url)
        sent_to_sign_in = response.status_code == 302 and response["Location"].startswith(
            "/admin/login/"
        )
        # Referrals answer 404 (absent) to staff who are not officers, before sign-in checks.
        if not sent_to_sign_in and not (
            url.startswith("/admin/referrals/") and response.status_code == 404
        ):
            reached[url] = response.status_code
    assert reached == {}


def test_right_password_alone_does_not_sign_in(client, staff):
    user = staff(superuser=True, device=True)
    response = sign_in_with_password(client, user)
    assert response["Location"] == "/admin/login/code/"
    assert SESSION_KEY not in client.session  # nobody is signed in yet
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/admin/auth/user/", "/admin/auth/user/"),  # kept through the code step
        ("https://evil.example/", "/admin/"),  # another site: ignored
    ],
    ids=["keeps-next", "ignores-next-to-another-site"],
)
def test_password_then_code_signs_in_and_goes_to_next_on_this_site_only(
    client, staff, clock, next_url, lands_on
):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user, query_params={"next": next_url})
    response = client.post("/admin/login/code/", {"code": code_for(user)})
    assert response["Location"] == lands_on
    assert client.get(lands_on).status_code == 200


def test_wrong_code_is_refused_with_a_clear_error(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user)
    wrong = f"{(int(code_for(user)) + 1) % 1_000_000:06d}"
    response = client.post("/admin/login/code/", {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "The code is not right" in html
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_totp_code_is_accepted_once_and_a_replay_is_refused(client, staff, clock):
    user = staff(superuser=True, device=True)
    code = code_for(user)
    sign_in_with_password(client, user)
    assert client.post("/admin/login/code/", {"code": code})["Location"] == "/admin/"
    client.post("/admin/logout/")

    clock.shift(5)  # same 30-second step: the app still shows the same code
    assert code_for(user) == code
    sign_in_with_password(client, user)
    response = client.post("/admin/login/code/", {"code": code})
    assert response.status_code == 200
    assert "already been used" in response.content.decode()

    clock.shift(60)  # the throttle's wait and the next step have passed: a new code works
    assert client.post("/admin/login/code/", {"code": code_for(user)})["Location"] == "/admin/"


def test_wrong_codes_are_throttled(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user)
    client.post(
        "/admin/login/code/", {"code": "000000" if code_for(user) != "000000" else "111111"}
    )
    # Straight after a wrong code even the right one is not checked yet (django-otp throttle).
    response = client.post("/admin/login/code/", {"code": code_for(user)})
    assert "too many wrong codes" in response.content.decode()
    clock.shift(2)
    assert client.post("/admin/login/code/", {"code": code_for(user)})["Location"] == "/admin/"


def test_backup_code_signs_in_once(client, staff, clock):
    user = staff(superuser=True, device=True)
    codes = two_factor.new_backup_codes(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in_with_password(client, user)
    # Typed in capitals and with the hyphen: both are fine.
    response = client.post("/admin/login/code/", {"code": codes[3].upper()})
    assert response["Location"] == "/admin/"
    assert two_factor.backup_codes_left(user) == 9
    client.post("/admin/logout/")

    clock.shift(60)
    sign_in_with_password(client, user)
    response = client.post("/admin/login/code/", {"code": codes[3]})
    assert response.status_code == 200 and "already been used" in response.content.decode()


def test_code_page_needs_a_password_first(client):
    response = client.get("/admin/login/code/")
    assert response["Location"] == "/admin/login/"


def test_half_done_sign_in_expires_after_ten_minutes(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_with_password(client, user)
    clock.shift(10 * 60 + 1)
    response = client.post("/admin/login/code/", {"code": code_for(user)})
    assert response["Location"] == "/admin/login/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def _key_from(html):
    match = re.search(r'<code class="app-setup-key">([A-Z2-7 ]+)</code>', html)
    return match.group(1).replace(" ", "")


def test_enrolment_qr_code_key_confirm_then_backup_codes_once(client, staff, clock):
    user = staff(superuser=True)
    enrolment_code = two_factor.issue_enrolment_code(user)
    response = sign_in_with_password(client, user)
    assert response["Location"] == "/admin/two-factor/set-up/"

    page = client.get("/admin/two-factor/set-up/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<img" not in html and "<script>" not in html
    assert 'aria-label="QR code to scan with your authenticator app"' in html
    assert page["Cache-Control"].startswith("max-age=0")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    assert _key_from(html) == b32encode(device.bin_key).decode().rstrip("=")
    # A reload keeps the same key (an app may already have scanned it).
    assert _key_from(client.get("/admin/two-factor/set-up/").content.decode()) == _key_from(html)

    response = client.post(
        "/admin/two-factor/set-up/", {"code": "12345", "enrolment_code": enrolment_code}
    )
    assert "Enter the 6-digit code" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    # The codes are shown in the answer to the post that made them, and never again.
    response = client.post(
        "/admin/two-factor/set-up/",
        {"code": current_code(device), "enrolment_code": enrolment_code},
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    session_text = str(dict(client.session.items()))
    assert not [code for code in codes if code in session_text]
    again = client.get("/admin/two-factor/backup-codes/").content.decode()
    assert not re.findall(r"<li><code>", again) and "10 unused backup codes" in again
    assert client.get("/admin/").status_code == 200

    # One of those codes signs in on another day.
    client.post("/admin/logout/")
    clock.shift(24 * 60 * 60)
    sign_in_with_password(client, user)
    assert client.post("/admin/login/code/", {"code": codes[0]})["Location"] == "/admin/"


def test_enrolment_needs_the_one_time_code_not_the_password_alone(client, staff):
    user = staff()
    code = two_factor.issue_enrolment_code(user)
    sign_in_with_password(client, user)
    client.get("/admin/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    for wrong in ["", "aaaa-bbbb-cccc-dddd"]:
        response = client.post(
            "/admin/two-factor/set-up/", {"code": current_code(device), "enrolment_code": wrong}
        )
        assert response.status_code == 200
        device.refresh_from_db()
        assert not device.confirmed
    assert "The enrolment code is not right" in response.content.decode()
    # Right enrolment code: enrolled, and the code is used up.
    response = client.post(
        "/admin/two-factor/set-up/", {"code": current_code(device), "enrolment_code": code}
    )
    device.refresh_from_db()
    assert device.confirmed and not two_factor.has_enrolment_code(user)


def test_an_enrolment_code_works_once_and_expires(staff, clock):
    user = staff()
    code = two_factor.issue_enrolment_code(user)
    clock.shift((two_factor.ENROLMENT_CODE_DAYS * 24 + 1) * 3600)
    device = two_factor.start_enrolment(user)
    with pytest.raises(two_factor.CodeRefusedError, match="enrolment code"):
        two_factor.confirm_enrolment(device, current_code(device), enrolment_code=code)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_reset_deletes_app_and_backup_codes_ends_sessions_and_needs_a_new_code(client, staff):
    from core.models import BackupCodeDevice, StaffSession

    user = staff(device=True)
    two_factor.new_backup_codes(user)
    sign_in_fully(client, user)
    assert StaffSession.objects.filter(user=user).exists()
    code = two_factor.reset_two_factor(user=user, by=None)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not BackupCodeDevice.objects.filter(user=user).exists()
    assert not StaffSession.objects.filter(user=user).exists()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert two_factor.has_enrolment_code(user) and len(code) == 19


def test_enrolment_is_only_for_staff_without_an_app(client, staff):
    user = staff(superuser=True, device=True)  # already has an app
    sign_in_with_password(client, user)
    assert client.get("/admin/two-factor/set-up/")["Location"] == "/admin/login/code/"
    anonymous = client.__class__()
    assert anonymous.get("/admin/two-factor/set-up/")["Location"] == "/admin/login/"


def test_new_backup_codes_need_a_code_from_the_app(client, staff, clock):
    user = staff(superuser=True, device=True)
    two_factor.new_backup_codes(user)
    sign_in_fully(client, user)
    page = client.get("/admin/two-factor/backup-codes/").content.decode()
    assert "You have 10 unused backup codes" in page
    for code in ("", "12 34", code_for(user)):  # the last was just used to sign in
        response = client.post("/admin/two-factor/backup-codes/", {"code": code})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert two_factor.backup_codes_left(user) == 10


def test_new_backup_codes_replace_the_old(client, staff, clock):
    user = staff(superuser=True, device=True)
    old = two_factor.new_backup_codes(user)
    sign_in_fully(client, user)
    clock.shift(30)  # the next code from the app
    response = client.post("/admin/two-factor/backup-codes/", {"code": code_for(user)})
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    # Shown from that response only: not kept in the session, not shown again.
    assert not [code for code in new if code in str(dict(client.session.items()))]
    again = client.get("/admin/two-factor/backup-codes/").content.decode()
    assert "<li><code>" not in again
    client.post("/admin/logout/")
    clock.shift(60)
    sign_in_with_password(client, user)
    assert client.post("/admin/login/code/", {"code": old[0]}).status_code == 200


def test_sign_in_page_is_govuk_styled_and_says_two_factor_is_on(client):
    html = client.get("/admin/login/").content.decode()
    assert "Sign in to the staff area" in html
    assert "govuk-template" in html and "govuk-button" in html
    assert "Two-factor sign-in is turned off" not in html


@override_settings(ADMIN_REQUIRE_2FA=False)
def test_local_demo_may_relax_two_factor_and_then_says_so(client, staff):
    html = client.get("/admin/login/").content.decode()
    assert "Two-factor sign-in is turned off" in html
    user = staff(superuser=True)
    assert sign_in_with_password(client, user)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=False)
def test_relaxed_demo_still_asks_staff_who_have_an_app_for_a_code(client, staff):
    user = staff(superuser=True, device=True)
    assert sign_in_with_password(client, user)["Location"] == "/admin/login/code/"


def test_two_factor_cannot_be_turned_off_with_debug_off():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "-not-a-real-secret-" + "s" * 30,
        "DJANGO_ALLOWED_HOSTS": "prevent.example",
        "SITE_URL": "https://prevent.example",
        "EMAIL_URL": "console://",
        "REFERRAL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "MESSAGE_ENCRYPTION_KEYS": "bWVzc2FnZS1ub3QtYS1yZWFsLWtleS0zMi1ieXRlcyE=",
        "DJANGO_ADMIN_REQUIRE_2FA": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_ADMIN_REQUIRE_2FA can only be turned off" in result.stderr


def test_backup_codes_are_stored_only_as_digests_of_112_bit_secrets(staff):
    import math

    from core.models import BackupCode

    user = staff(superuser=True, device=True)
    codes = two_factor.new_backup_codes(user)
    plain = [two_factor.normalise(code) for code in codes]
    stored = set(BackupCode.objects.filter(device__user=user).values_list("digest", flat=True))
    assert stored == {BackupCode.digest_of(code) for code in plain}
    assert not stored & set(plain)
    assert set("".join(plain)) <= set(two_factor._BACKUP_ALPHABET)
    assert len(plain[0]) * math.log2(len(two_factor._BACKUP_ALPHABET)) >= 112
