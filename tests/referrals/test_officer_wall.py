"""The wall around the referrals, tried the way a site administrator or superuser would.

Every admin URL and action that could make someone an officer, take over an officer's
account or authenticator, or open a referral is tried by a site administrator and by a
superuser, both signed in with two factors, forged posts included: all are refused. The
same through the officers' page, as an officer, succeeds and leaves audit events and an
email to every officer.
"""

import io
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import two_factor
from core.models import OutboundEmail
from core.roles import PREVENT_OFFICER, SITE_ADMIN, is_prevent_officer
from core.testing import current_code
from referrals.models import AuditEvent

from .factories import make_referral

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple 42"


@pytest.fixture(params=["site_admin", "superuser"])
def intruder(request, staff):
    if request.param == "superuser":
        return staff(None, username="root", superuser=True)
    return staff(SITE_ADMIN, username="kim.admin")


def officer_group_id():
    return Group.objects.get(name=PREVENT_OFFICER).pk


def user_form(user, **changes):
    """The user admin's change form as the browser posts it, plus `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "initial-date_joined_0": "",
        "initial-date_joined_1": "",
    }
    data.update(changes)
    return data


def test_no_admin_path_lets_an_administrator_cross_the_wall(intruder, staff, staff_client):
    officer = staff(PREVENT_OFFICER, username="alex.officer")
    officer_device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    editor = staff("Content editor", username="jo.editor")
    referral = make_referral()
    client = staff_client(user=intruder)
    officer_hash = officer.password
    answers = {}

    def tried(label, response):
        answers[label] = response.status_code
        return response

    # 1. The role is not among the groups they can choose, for themselves or anyone.
    page = tried("user change page (own)", client.get(f"/admin/auth/user/{intruder.pk}/change/"))
    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["groups"].queryset
    assert not choices.filter(name=PREVENT_OFFICER).exists() and choices.exists()
    for label, user in [("own account", intruder), ("a colleague", editor)]:
        forged = user_form(user, groups=[officer_group_id()])
        response = tried(
            f"forged post: officer group on {label}",
            client.post(f"/admin/auth/user/{user.pk}/change/", forged),
        )
        assert response.status_code in (200, 403)
        assert not is_prevent_officer(user)
    response = tried(
        "forged post: add a user in the officer group",
        client.post(
            "/admin/auth/user/add/",
            {
                "username": "new.officer",
                "password1": "a long new password 4242",
                "password2": "a long new password 4242",
                "usable_password": "true",
                "groups": [officer_group_id()],
            },
        ),
    )
    assert (
        not Group.objects.get(name=PREVENT_OFFICER).user_set.filter(username="new.officer").exists()
    )

    # 2. An officer's account: no change, password, delete, sign-out or enrolment code.
    tried("officer change page", client.get(f"/admin/auth/user/{officer.pk}/change/"))
    response = tried(
        "forged post: change officer's email",
        client.post(
            f"/admin/auth/user/{officer.pk}/change/", user_form(officer, email="kim@evil.example")
        ),
    )
    assert response.status_code == 403
    for method in ("get", "post"):
        response = tried(
            f"officer password page ({method})",
            getattr(client, method)(
                f"/admin/auth/user/{officer.pk}/password/",
                {"password1": "taken over 424242", "password2": "taken over 424242"},
            ),
        )
        assert response.status_code == 403
    response = tried(
        "delete officer", client.post(f"/admin/auth/user/{officer.pk}/delete/", {"post": "yes"})
    )
    assert response.status_code == 403
    for action in ("delete_selected", "sign_out_everywhere", "issue_enrolment_codes"):
        response = tried(
            f"user action {action} on officer",
            client.post(
                "/admin/auth/user/",
                {"action": action, "_selected_action": [officer.pk], "post": "yes"},
            ),
        )
        assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.password == officer_hash and officer.email == "alex.officer@example.com"
    assert officer.is_active and is_prevent_officer(officer)

    # 3. The officer's authenticator: not deleted, not changed, no new one added.
    response = tried(
        "delete officer's authenticator",
        client.post(f"/admin/otp_totp/totpdevice/{officer_device.pk}/delete/", {"post": "yes"}),
    )
    assert response.status_code == 403
    tried("add an authenticator", client.get("/admin/otp_totp/totpdevice/add/"))
    assert answers["add an authenticator"] == 403
    assert TOTPDevice.objects.filter(pk=officer_device.pk).exists()

    # 4. Roles cannot be renamed, added or deleted (renaming a group would cross the wall).
    site_admins = Group.objects.get(name=SITE_ADMIN)
    response = tried(
        "rename a role to Prevent officer",
        client.post(f"/admin/auth/group/{site_admins.pk}/change/", {"name": PREVENT_OFFICER}),
    )
    assert response.status_code == 403
    assert tried("add a role", client.get("/admin/auth/group/add/")).status_code == 403

    # 5. The referral area is absent: the record, the officers' page, a forged grant.
    for label, url in [
        ("referral record", f"/admin/referrals/referral/{referral.pk}/change/"),
        ("referral print view", f"/admin/referrals/referral/{referral.pk}/print/"),
        ("police export", f"/admin/referrals/referral/{referral.pk}/share-with-police/"),
        ("officers' page", "/admin/referrals/referral/officers/"),
        ("audit trail", "/admin/referrals/auditevent/"),
    ]:
        assert tried(label, client.get(url)).status_code == 404
    response = tried(
        "forged post: grant on the officers' page",
        client.post(
            "/admin/referrals/referral/officers/", {"action": "grant", "user": intruder.pk}
        ),
    )
    assert response.status_code == 404
    assert not is_prevent_officer(intruder)

    # 6. Sign-in and lockout records cannot be erased.
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=5)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1", locked_out=False)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        record = model.objects.filter(username="x").get()
        name = model._meta.model_name
        response = tried(
            f"delete {name}",
            client.post(f"/admin/axes/{name}/{record.pk}/delete/", {"post": "yes"}),
        )
        assert response.status_code == 403
        assert model.objects.filter(pk=record.pk).exists()

    # Nothing of it made anyone an officer or left an officer event.
    assert not AuditEvent.objects.filter(action__startswith="officer_").exists()
    print(f"\nWall answers for {intruder.username}:", answers)


def test_a_site_administrator_cannot_delete_a_superusers_authenticator(staff, staff_client):
    root = staff(None, username="root", superuser=True)
    device = TOTPDevice.objects.create(user=root, name="app", confirmed=True)
    client = staff_client(SITE_ADMIN)
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def officers_page(client):
    return client.get("/admin/referrals/referral/officers/")


def test_an_officer_gives_and_takes_away_the_role_audited_and_emailed(staff, staff_client):
    client = staff_client(PREVENT_OFFICER, username="alex.officer")
    colleague = staff(PREVENT_OFFICER, username="sam.officer")
    editor = staff("Content editor", username="jo.editor")
    page = officers_page(client).content.decode()
    assert "sam.officer" in page and f'value="{editor.pk}"' in page
    response = client.post(
        "/admin/referrals/referral/officers/", {"action": "grant", "user": editor.pk}
    )
    assert response.status_code == 302
    assert is_prevent_officer(editor)
    granted = AuditEvent.objects.get(action=AuditEvent.Action.OFFICER_GRANTED)
    assert granted.officer_username == "alex.officer" and "jo.editor" in granted.detail
    email = OutboundEmail.objects.get(topic="referrals:officers")
    assert set(email.to) == {
        "alex.officer@example.com",
        "sam.officer@example.com",
        "jo.editor@example.com",
    }
    response = client.post(
        "/admin/referrals/referral/officers/", {"action": "remove", "user": colleague.pk}
    )
    assert response.status_code == 302 and not is_prevent_officer(colleague)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OFFICER_REMOVED).count() == 1
    # A forged grant naming someone inactive is refused.
    editor.refresh_from_db()
    inactive = staff(None, username="gone", is_active=False)
    response = client.post(
        "/admin/referrals/referral/officers/", {"action": "grant", "user": inactive.pk}
    )
    assert response.status_code == 200 and not is_prevent_officer(inactive)


def test_an_officer_resets_another_officers_authenticator_with_a_one_time_code(staff, staff_client):
    client = staff_client(PREVENT_OFFICER, username="alex.officer")
    colleague = staff(PREVENT_OFFICER, username="sam.officer")
    TOTPDevice.objects.create(user=colleague, name="lost phone", confirmed=True)
    response = client.post(
        "/admin/referrals/referral/officers/", {"action": "reset", "user": colleague.pk}
    )
    assert response.status_code == 200
    code = re.search(r'class="app-enrolment-code">([a-z0-9-]+)<', response.content.decode())
    assert code and code.group(1) not in str(dict(client.session.items()))
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    reset = AuditEvent.objects.get(action=AuditEvent.Action.OFFICER_RESET)
    assert reset.officer_username == "alex.officer" and "sam.officer" in reset.detail
    # The colleague's password alone cannot enrol; with the code it can, and that is logged.
    device = two_factor.start_enrolment(colleague)
    with pytest.raises(two_factor.CodeRefusedError):
        two_factor.confirm_enrolment(device, current_code(device), enrolment_code="")
    two_factor.confirm_enrolment(device, current_code(device), enrolment_code=code.group(1))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OFFICER_ENROLLED).count() == 1
    # Nobody resets their own.
    response = client.post(
        "/admin/referrals/referral/officers/", {"action": "reset", "user": client.user.pk}
    )
    assert response.status_code == 302 and two_factor.has_two_factor(client.user)


def test_the_last_officer_cannot_be_removed(staff_client):
    client = staff_client(PREVENT_OFFICER)
    response = client.post(
        "/admin/referrals/referral/officers/",
        {"action": "remove", "user": client.user.pk},
        follow=True,
    )
    assert "last Prevent officer" in response.content.decode()
    assert is_prevent_officer(client.user)


@override_settings(ADMIN_REQUIRE_2FA=False)
def test_the_officers_page_needs_two_factors_even_where_the_demo_relaxed_sign_in(staff):
    officer = staff(PREVENT_OFFICER)
    editor = staff("Content editor")
    client = Client()
    client.force_login(officer)  # a password-only session
    assert officers_page(client).status_code == 403
    client.post("/admin/referrals/referral/officers/", {"action": "grant", "user": editor.pk})
    assert not is_prevent_officer(editor)


def test_create_staff_user_gives_the_role_only_to_the_very_first_officer(db):
    out = io.StringIO()
    call_command(
        "create_staff_user",
        "first.officer",
        email="first@example.com",
        role=["prevent-officer"],
        generate_password=True,
        stdout=out,
    )
    assert "Enrolment code" in out.getvalue()
    assert AuditEvent.objects.get(action=AuditEvent.Action.OFFICER_GRANTED).officer_username == ""
    with pytest.raises(CommandError, match="only an officer can give the officer role"):
        call_command(
            "create_staff_user",
            "second.officer",
            email="second@example.com",
            role=["prevent-officer"],
            generate_password=True,
            stdout=io.StringIO(),
        )
