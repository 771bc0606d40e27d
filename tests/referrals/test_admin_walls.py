"""The referral admin is absent, not just forbidden, for everyone but Prevent officers.

Every referral admin URL is tried by every kind of visitor. For signed-in staff who are
not officers (superusers included) each must answer exactly like an admin URL that
does not exist (404); anonymous visitors meet the sign-in redirect every admin URL gives.
"""

import pytest
from django.test import Client

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN
from referrals.models import AuditEvent, Referral

from .factories import make_referral

pytestmark = pytest.mark.django_db

NOT_OFFICERS = ["editor", "training_admin", "site_admin", "superuser"]
ROLES = {"editor": CONTENT_EDITOR, "training_admin": TRAINING_ADMIN, "site_admin": SITE_ADMIN}


@pytest.fixture
def case(db):
    referral = make_referral()
    event = AuditEvent.objects.create(
        action=AuditEvent.Action.VIEW, referral_id=referral.pk, reference=referral.reference
    )
    return referral, event


def admin_urls(referral, event):
    r, e = referral.pk, event.pk
    return {
        "app index": "/admin/referrals/",
        "referral list": "/admin/referrals/referral/",
        "referral search": f"/admin/referrals/referral/?q={referral.reference}",
        "referral add": "/admin/referrals/referral/add/",
        "referral change": f"/admin/referrals/referral/{r}/change/",
        "referral history": f"/admin/referrals/referral/{r}/history/",
        "referral delete": f"/admin/referrals/referral/{r}/delete/",
        "referral old change URL": f"/admin/referrals/referral/{r}/",
        "audit trail": "/admin/referrals/auditevent/",
        "audit entry": f"/admin/referrals/auditevent/{e}/change/",
        "audit add": "/admin/referrals/auditevent/add/",
        "audit delete": f"/admin/referrals/auditevent/{e}/delete/",
        "audit history": f"/admin/referrals/auditevent/{e}/history/",
    }


OFFICER_EXPECTS = {
    "app index": 200,
    "referral list": 200,
    "referral search": 200,
    "referral add": 403,  # referrals only ever come from the public form
    "referral change": 200,
    "referral history": 200,
    "referral delete": 200,
    "referral old change URL": 302,
    "audit trail": 200,
    "audit entry": 200,  # read-only view
    "audit add": 403,
    "audit delete": 403,
    "audit history": 200,
}


def client_for(role, staff_client):
    if role == "anonymous":
        return Client()
    if role == "superuser":
        return staff_client(None, username="root", superuser=True)
    if role == "officer":
        return staff_client(PREVENT_OFFICER, username="officer")
    return staff_client(ROLES[role], username=role)


@pytest.mark.parametrize("role", NOT_OFFICERS)
def test_referral_admin_is_absent_for_staff_who_are_not_officers(role, staff_client, case):
    client = client_for(role, staff_client)
    missing = client.get("/admin/referrals/no-such-model/")
    assert missing.status_code == 404
    for name, url in admin_urls(*case).items():
        response = client.get(url)
        assert response.status_code == 404, (role, name, response.status_code)
        assert response.content == missing.content, (role, name)
        # Posting is no way round it either.
        assert client.post(url, {"post": "yes"}).status_code == 404, (role, name)
    assert Referral.objects.count() == 1
    assert AuditEvent.objects.count() == 1
    index = client.get("/admin/").content.decode()
    assert "Channel referrals" not in index and "/admin/referrals/" not in index


def test_anonymous_visitors_get_the_usual_sign_in_redirect(case):
    client = Client()
    for name, url in admin_urls(*case).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/admin/login/"), name
    assert client.get("/admin/referrals/no-such-model/")["Location"].startswith("/admin/login/")


def test_officer_group_without_staff_status_gets_no_admin_at_all(staff_client, case):
    client = staff_client(PREVENT_OFFICER, username="not-staff")
    user = client.user
    # Staff status removed behind the session's back (a save would also end the session,
    # core/auth_signals.py): the admin's own is_staff check must still refuse it.
    type(user).objects.filter(pk=user.pk).update(is_staff=False)
    for name, url in admin_urls(*case).items():
        assert client.get(url).status_code == 302, name


def test_prevent_officers_see_the_case_records(staff_client, case):
    client = client_for("officer", staff_client)
    for name, url in admin_urls(*case).items():
        assert client.get(url).status_code == OFFICER_EXPECTS[name], name
    index = client.get("/admin/").content.decode()
    assert "Channel referrals" in index
    assert "/admin/referrals/referral/" in index and "/admin/referrals/auditevent/" in index


def test_a_superuser_in_the_officer_group_is_an_officer(staff_client, case):
    client = staff_client(PREVENT_OFFICER, username="root-officer", superuser=True)
    referral, _event = case
    assert client.get(f"/admin/referrals/referral/{referral.pk}/change/").status_code == 200


def test_officers_cannot_add_change_or_delete_audit_entries(staff_client, case):
    client = client_for("officer", staff_client)
    _referral, event = case
    before = AuditEvent.objects.values().get(pk=event.pk)
    response = client.post(
        f"/admin/referrals/auditevent/{event.pk}/change/",
        {"action": "export", "reference": "PR-CHANGED", "detail": "edited"},
    )
    assert response.status_code == 403
    assert (
        client.post(f"/admin/referrals/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.post("/admin/referrals/auditevent/add/", {"action": "view"}).status_code == 403
    assert AuditEvent.objects.values().get(pk=event.pk) == before
    page = client.get("/admin/referrals/auditevent/").content.decode()
    assert "delete_selected" not in page


def test_the_audit_trail_refuses_changes_in_code_too(case):
    _referral, event = case
    event.detail = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_a_non_officer_refused_is_logged_by_user_id_only(staff_client, case, caplog):
    """ASVS 16.3.2: failed access control is logged, without personal data or case details."""
    referral, _event = case
    client = staff_client(CONTENT_EDITOR, username="editor-logged")
    user = client.user
    assert client.get(f"/admin/referrals/referral/{referral.pk}/change/").status_code == 404
    assert client.get("/admin/referrals/auditevent/").status_code == 404
    refusals = [r for r in caplog.records if "Referral admin refused" in r.getMessage()]
    assert [r.getMessage() for r in refusals] == [
        f"Referral admin refused (404) to non-officer staff user id={user.pk}: "
        "admin:referrals_referral_change",
        f"Referral admin refused (404) to non-officer staff user id={user.pk}: "
        "admin:referrals_auditevent_changelist",
    ]
    assert all(r.name == "core.security" for r in refusals)
    assert referral.reference not in caplog.text and "editor-logged" not in caplog.text


def test_officers_are_not_logged_as_refused(staff_client, case, caplog):
    client = client_for("officer", staff_client)
    assert client.get("/admin/referrals/referral/").status_code == 200
    assert "Referral admin refused" not in caplog.text
