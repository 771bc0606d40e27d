"""Every admin URL against every role: only the allowed combinations get 200.

The URLs are discovered from admin.site._registry, so each app's models are covered as
soon as they are registered. A registered app missing from ALLOWED fails the test:
decide who may see it, then add it here.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, CONTENT_EDITOR, TRAINING_ADMIN, PREVENT_OFFICER, SITE_ADMIN, SUPERUSER]

# App label -> the roles that may use its admin pages. Superusers may use all of them,
# except apps in HIDDEN, which are for their role alone.
ALLOWED = {
    "pages": {CONTENT_EDITOR},
    "training": {TRAINING_ADMIN},
    "referrals": {PREVENT_OFFICER},
    "auth": {SITE_ADMIN},
    "otp_totp": {SITE_ADMIN},
    "axes": {SITE_ADMIN},
    "django_tasks_database": set(),  # superusers only: task arguments and results
    "core": {SITE_ADMIN},  # the email queue (failed emails, resend) and the periodic jobs
}
# Referrals are absent (404), not just forbidden, for everyone but Prevent officers.
HIDDEN = {"referrals"}


def every_admin_url():
    """(label, url) for the admin index and every registered model's list and add pages."""
    urls = [("admin index", reverse("admin:index"))]
    for model in admin.site._registry:
        meta = model._meta
        for page in ("changelist", "add"):
            urls.append(
                (
                    f"{meta.app_label}.{meta.model_name} {page}",
                    reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}"),
                )
            )
    return urls


def final_status(client, url):
    """Status of an admin page, following redirects within the admin (an app may send its
    add page to a page of its own) but not the redirect to sign-in, which counts as 302."""
    for _hop in range(3):
        response = client.get(url)
        location = response.get("Location", "")
        if response.status_code != 302 or location.startswith("/admin/login/"):
            break
        url = location
    return response.status_code


def _may_use(role, app_label):
    if app_label in HIDDEN:
        return role in ALLOWED[app_label]
    return role == SUPERUSER or role in ALLOWED[app_label]


def expected_status(role, user, model, page):
    app_label = model._meta.app_label
    if role == ANONYMOUS:
        return 302
    if not _may_use(role, app_label):
        return 404 if app_label in HIDDEN else 403
    if page == "add":
        request = RequestFactory().get("/admin/")
        request.user = user
        if not admin.site._registry[model].has_add_permission(request):
            return 403
    return 200


@pytest.fixture
def user_for(staff):
    def make(role):
        if role == ANONYMOUS:
            return None
        if role == SUPERUSER:
            return staff(superuser=True, device=True)
        return staff(role, device=True)

    return make


def test_every_registered_app_has_a_rule():
    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels - set(ALLOWED) == set(), "add these apps to ALLOWED in test_admin_matrix.py"


@pytest.mark.parametrize("role", ROLES)
def test_admin_urls_by_role(role, client, user_for, staff_client):
    user = user_for(role)
    if user is not None:
        client = staff_client(user=user)
    wrong = []
    index = client.get(reverse("admin:index"))
    if index.status_code != (302 if role == ANONYMOUS else 200):
        wrong.append(("admin index", index.status_code))
    for model in admin.site._registry:
        meta = model._meta
        for page in ("changelist", "add"):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}")
            status = final_status(client, url)
            expected = expected_status(role, user, model, page)
            if status != expected:
                wrong.append((url, status, f"expected {expected}"))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES[1:])
def test_admin_index_lists_only_what_the_role_allows(role, user_for, staff_client):
    client = staff_client(user=user_for(role))
    app_list = client.get(reverse("admin:index")).context["app_list"]
    shown = {app["app_label"] for app in app_list}
    assert {label for label in shown if not _may_use(role, label)} == set()
    allowed_and_registered = {
        model._meta.app_label
        for model in admin.site._registry
        if _may_use(role, model._meta.app_label)
    }
    assert shown == allowed_and_registered


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for label, url in every_admin_url():
        response = client.get(url)
        assert response.status_code == 302, label
        assert response["Location"].startswith("/admin/login/?next="), label
