"""Staff sessions: idle and absolute limits, a new key at sign-in, all ended on sign-out."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from core.models import StaffSession

from .conftest import PASSWORD, code_for, sign_in_fully

pytestmark = pytest.mark.django_db

MINUTE = 60


def signed_in(response):
    return response.status_code == 200


@pytest.fixture
def here_and_elsewhere(staff, clock):
    """One staff member signed in on two browsers: `elsewhere` first, then `here` in the
    next 30-second step (a code signs in once). Returns (user, here, elsewhere)."""
    user = staff(superuser=True, device=True)
    here, elsewhere = Client(), Client()
    sign_in_fully(elsewhere, user)
    clock.shift(31)
    sign_in_fully(here, user)
    return user, here, elsewhere


def test_idle_for_30_minutes_signs_out(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_fully(client, user)
    clock.shift(29 * MINUTE)
    assert signed_in(client.get("/admin/"))
    clock.shift(29 * MINUTE)  # each request restarts the idle clock
    assert signed_in(client.get("/admin/"))
    key = client.cookies["sessionid"].value
    clock.shift(30 * MINUTE)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not StaffSession.objects.filter(session_key=key).exists()
    assert "You were signed out" in client.get("/admin/login/").content.decode()


def test_eight_hours_after_sign_in_signs_out_even_if_active(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_fully(client, user)
    for _step in range(23):  # active every 20 minutes for 7 h 40 min
        clock.shift(20 * MINUTE)
        assert signed_in(client.get("/admin/"))
    clock.shift(20 * MINUTE)  # 8 h
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_session_cookie_expiry_follows_the_idle_limit(client, staff, clock):
    user = staff(superuser=True, device=True)
    sign_in_fully(client, user)
    client.get("/admin/")
    # The store keeps it 5 minutes longer, so the next request is told why it ended.
    assert client.session.get_expiry_age() == 35 * MINUTE


def test_sign_in_gives_a_new_session_key(client, staff, clock):
    user = staff(superuser=True, device=True)
    session = client.session
    session["visited"] = True  # a session that existed before signing in
    session.save()
    before = session.session_key
    client.get("/admin/login/")
    assert client.cookies["sessionid"].value == before

    sign_in_fully(client, user)
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.filter(session_key=after).exists()


def test_signing_out_ends_every_session_of_that_user(staff, clock):
    user = staff(superuser=True, device=True)
    laptop, phone = Client(), Client()
    sign_in_fully(laptop, user)
    clock.shift(31)  # a new code step for the second sign-in
    sign_in_fully(phone, user)
    assert signed_in(phone.get("/admin/"))
    assert StaffSession.objects.filter(user=user).count() == 2

    laptop.post("/admin/logout/")
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")
    assert StaffSession.objects.filter(user=user).count() == 0


def test_deactivating_a_user_ends_their_sessions(staff, clock):
    user = staff(superuser=True, device=True)
    other = staff(superuser=True, device=True)
    browser, other_browser = Client(), Client()
    sign_in_fully(browser, user)
    sign_in_fully(other_browser, other)
    key = browser.cookies["sessionid"].value

    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get("/admin/")["Location"].startswith("/admin/login/")
    assert signed_in(other_browser.get("/admin/"))  # nobody else is affected


def test_password_change_signs_out_other_sessions(here_and_elsewhere):
    _user, here, elsewhere = here_and_elsewhere
    response = here.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a different long passphrase 7",
            "new_password2": "a different long passphrase 7",
        },
    )
    assert response.status_code == 302
    assert signed_in(here.get("/admin/"))
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")


def test_staff_see_their_sessions_and_sign_out_elsewhere_with_their_password(here_and_elsewhere):
    _user, here, elsewhere = here_and_elsewhere
    page = here.get("/admin/account/sessions/").content.decode()
    assert "This browser" in page and "Another browser or device" in page

    wrong = here.post("/admin/account/sessions/", {"password": "not my password at all"})
    assert "The password is not right" in wrong.content.decode()
    assert signed_in(elsewhere.get("/admin/"))

    response = here.post("/admin/account/sessions/", {"password": PASSWORD})
    assert response["Location"] == "/admin/account/sessions/"
    assert "signed out of 1 other session" in here.get("/admin/account/sessions/").content.decode()
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")
    assert signed_in(here.get("/admin/"))


def test_new_backup_codes_sign_out_other_sessions(here_and_elsewhere, clock):
    user, here, elsewhere = here_and_elsewhere
    clock.shift(31)
    here.post("/admin/two-factor/backup-codes/", {"code": code_for(user)})
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")
    assert signed_in(here.get("/admin/"))


def test_site_admin_can_sign_a_user_out_everywhere(staff, staff_client, clock):
    from core.roles import CONTENT_EDITOR, SITE_ADMIN

    editor = staff(CONTENT_EDITOR, device=True)
    editor_browser = Client()
    sign_in_fully(editor_browser, editor)
    admin_browser = staff_client(SITE_ADMIN)
    response = admin_browser.post(
        "/admin/auth/user/",
        {"action": "sign_out_everywhere", "_selected_action": [editor.pk]},
    )
    assert response.status_code == 302
    assert editor_browser.get("/admin/")["Location"].startswith("/admin/login/")


def test_refused_access_is_logged_with_the_user_id(staff_client, caplog):
    from core.roles import CONTENT_EDITOR

    client = staff_client(CONTENT_EDITOR)
    editor = client.user
    assert client.get("/admin/auth/user/").status_code == 403
    assert f"Access refused: user {editor.pk}, GET /admin/auth/user/" in caplog.text
