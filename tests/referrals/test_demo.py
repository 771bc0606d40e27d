"""The demo: fictional referrals at several stages and an officer, only with debug on."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from core.demo import DEMO_STAFF
from core.roles import is_prevent_officer
from referrals import demo
from referrals.models import AuditEvent, Referral, Stage, StageChange

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()  # noqa: N806
    return (
        list(Referral.objects.order_by("pk").values()),
        list(StageChange.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def test_nothing_is_loaded_with_debug_off(settings):
    settings.DEBUG = False
    out = StringIO()
    demo.load(stdout=out)
    assert not Referral.objects.exists()
    assert not get_user_model().objects.filter(username="officer").exists()
    assert "only loaded with DJANGO_DEBUG=1" in out.getvalue()


def test_demo_referrals_and_officer_are_loaded_once(settings):
    settings.DEBUG = True
    out = StringIO()
    demo.load(stdout=out)
    officer = get_user_model().objects.get(username="officer")
    assert is_prevent_officer(officer)
    assert officer.check_password(DEMO_STAFF["officer"][1])
    referrals = {r.reference: r for r in Referral.objects.all()}
    assert len(referrals) == 5
    stages = {r.stage for r in referrals.values()}
    assert {Stage.RECEIVED, Stage.SHARED_WITH_POLICE, Stage.SIGNPOSTED, Stage.ADOPTED} <= stages
    names = sorted(r.answers["steps"]["person"]["full_name"] for r in referrals.values())
    assert names == [f"Demo Person {letter}" for letter in "ABCDE"]
    before = snapshot()
    demo.load(stdout=StringIO())
    assert snapshot() == before


def test_the_demo_officer_can_open_a_demo_case(settings, staff_client):
    settings.DEBUG = True
    demo.load(stdout=StringIO())
    client = staff_client(user=get_user_model().objects.get(username="officer"))
    referral = Referral.objects.get(reference="PR-DEMA2346")
    page = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "Demo Person A" in page
