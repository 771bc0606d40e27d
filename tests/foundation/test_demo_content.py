from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

# Rows that a second run may legitimately add: none. Sessions and queued jobs are not demo data.
IGNORED = {"sessions.session", "django_tasks_db.dbtaskresult"}


def row_counts():
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in IGNORED
    }


@override_settings(DEBUG=True)
def test_load_demo_content_is_idempotent_across_every_app(client):
    call_command("load_demo_content", stdout=StringIO())
    first = row_counts()
    call_command("load_demo_content", stdout=StringIO())
    assert row_counts() == first
    assert first["training.course"] >= 6
    assert first["pages.page"] >= 10
    assert first["referrals.referral"] >= 1


@override_settings(DEBUG=True)
def test_demo_course_page_shows_its_testimonial(client):
    call_command("load_demo_content", stdout=StringIO())
    response = client.get("/training/workshop-to-raise-awareness-of-prevent/")
    assert response.status_code == 200
    assert "Warwickshire Youth Justice Service" in response.text


def test_demo_staff_one_per_role_in_local_demo_only(settings):
    from django.contrib.auth import get_user_model

    from core import demo
    from core.roles import has_role, is_prevent_officer

    settings.DEBUG = False
    demo.load(stdout=StringIO())
    assert not get_user_model().objects.filter(username__in=demo.DEMO_STAFF).exists()
    settings.DEBUG = True
    out = StringIO()
    demo.load(stdout=out)
    demo.load(stdout=StringIO())
    for username, (role, password, *_names) in demo.DEMO_STAFF.items():
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password) and password in out.getvalue()
        assert has_role(user, role)
        assert user.groups.count() == 1
    assert is_prevent_officer(get_user_model().objects.get(username="officer"))
