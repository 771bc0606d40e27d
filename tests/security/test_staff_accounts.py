"""Creating staff accounts, and what a site administrator may do to accounts."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN

pytestmark = pytest.mark.django_db
User = get_user_model()


def create(*args):
    out = io.StringIO()
    call_command("create_staff_user", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("flag", "role"),
    [
        ("content-editor", CONTENT_EDITOR),
        ("training-admin", TRAINING_ADMIN),
        ("prevent-officer", PREVENT_OFFICER),
        ("site-admin", SITE_ADMIN),
    ],
)
def test_create_staff_user_with_a_generated_password(flag, role):
    out = create(
        "alex", "--email", "alex@warwickshire.example", "--role", flag, "--generate-password"
    )
    password = re.search(r"Password \(shown once.*\): (\S+)", out).group(1)
    user = User.objects.get(username="alex")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert user.check_password(password) and len(password) >= 20
    assert "authenticator app" in out


def test_more_than_one_role():
    create(
        "sam",
        "--email",
        "sam@warwickshire.example",
        "--role",
        "content-editor",
        "--role",
        "training-admin",
        "--generate-password",
    )
    names = set(User.objects.get(username="sam").groups.values_list("name", flat=True))
    assert names == {CONTENT_EDITOR, TRAINING_ADMIN}


def test_prompts_for_the_password_twice(monkeypatch):
    answers = iter(["a long enough passphrase 9", "a long enough passphrase 9"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    create("kim", "--email", "kim@warwickshire.example", "--role", "prevent-officer")
    assert User.objects.get(username="kim").check_password("a long enough passphrase 9")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["one passphrase here 1", "another passphrase 2"], "do not match"),
        (["short", "short"], "too short"),
    ],
)
def test_refuses_bad_passwords(monkeypatch, answers, message):
    answers = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    with pytest.raises(CommandError, match=message):
        create("lee", "--email", "lee@warwickshire.example", "--role", "site-admin")
    assert not User.objects.filter(username="lee").exists()


def test_refuses_an_existing_username_and_a_bad_email():
    create(
        "jo", "--email", "jo@warwickshire.example", "--role", "site-admin", "--generate-password"
    )
    with pytest.raises(CommandError, match="already exists"):
        create(
            "jo",
            "--email",
            "jo@warwickshire.example",
            "--role",
            "site-admin",
            "--generate-password",
        )
    with pytest.raises(CommandError, match="Not an email address"):
        create("jb", "--email", "not-an-email", "--role", "site-admin", "--generate-password")


def test_site_admin_cannot_make_anyone_a_superuser(staff, staff_client):
    client = staff_client(SITE_ADMIN)
    target = staff(CONTENT_EDITOR, device=True)
    page = client.get(f"/admin/auth/user/{target.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="user_permissions"' not in page.content.decode()
    client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {
            "username": target.username,
            "email": target.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [],
        },
    )
    target.refresh_from_db()
    assert not target.is_superuser


def test_site_admin_cannot_see_or_change_superusers(staff, staff_client):
    client = staff_client(SITE_ADMIN)
    boss = staff(superuser=True, device=True)
    listed = client.get("/admin/auth/user/").context["cl"].result_list
    assert boss not in listed
    assert client.get(f"/admin/auth/user/{boss.pk}/change/").status_code == 302  # "not found"


def test_site_admin_cannot_change_what_a_role_may_do(staff_client):
    from django.contrib.auth.models import Group

    client = staff_client(SITE_ADMIN)
    group = Group.objects.get(name=CONTENT_EDITOR)
    page = client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()
    assert 'name="permissions"' not in page
    assert client.get("/admin/auth/group/add/").status_code == 403


def test_site_admin_can_reset_but_not_create_or_read_an_authenticator(staff, staff_client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = staff_client(SITE_ADMIN)
    editor = staff(CONTENT_EDITOR, device=True)
    device = TOTPDevice.objects.get(user=editor)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page and "qrcode" not in page.lower()
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    # The reset shows the one-time enrolment code once, in this response.
    assert response.status_code == 200 and not TOTPDevice.objects.filter(pk=device.pk).exists()
    code = re.search(r'class="app-enrolment-code">([a-z0-9-]+)<', response.content.decode())
    assert code and code.group(1) not in str(dict(client.session.items()))
    from core import two_factor

    assert two_factor.has_enrolment_code(editor)
