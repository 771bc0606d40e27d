"""The past year of demo data: something real for the reports, loaded once however often."""

import io

import pytest
from django.contrib.auth import get_user_model

from core.demo import DEMO_STAFF
from core.roles import TRAINING_ADMIN, has_role
from referrals import demo as referral_demo
from referrals import demo_history as referral_history
from referrals.models import Referral, StageChange
from reports.periods import Period
from reports.training_figures import training_report
from training import demo as training_demo
from training import demo_history as training_history
from training.models import Booking, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def load_all(settings, monkeypatch):
    settings.DEBUG = True
    # A smaller year than the demo's, to keep the test quick; the rules are the same.
    monkeypatch.setattr(training_history, "SESSIONS", 12)
    monkeypatch.setattr(referral_history, "COUNT", 25)

    def load():
        out = io.StringIO()
        for module in (training_demo, referral_demo, training_history, referral_history):
            module.load(stdout=out)
        return out.getvalue()

    return load


def counts():
    return (
        Session.objects.count(),
        Booking.objects.count(),
        Referral.objects.count(),
        StageChange.objects.count(),
        sorted(Referral.objects.values_list("stage", flat=True)),
    )


def test_a_second_run_adds_and_changes_nothing(load_all):
    load_all()
    first = counts()
    output = load_all()
    assert counts() == first
    assert "0 bookings added" in output and "0 fictional referrals added" in output


def test_a_past_year_of_training_with_attendance_and_waiting_lists(load_all):
    from django.utils import timezone

    load_all()
    today = timezone.localdate()
    report = training_report(Period(today.replace(year=today.year - 1), today))
    totals = report.totals
    assert totals.run >= 10 and totals.cancelled >= 1
    assert totals.attended > totals.did_not_attend > 0
    assert totals.joined_waiting > 0 and totals.placed_from_waiting > 0
    assert 0 < totals.fill_rate < 1.2


def test_fictional_referrals_at_every_stage_stored_encrypted(load_all):
    load_all()
    history = Referral.objects.filter(reference__startswith="PR-H")
    assert history.count() == 25
    stages = set(history.values_list("stage", flat=True))
    assert {"closed", "shared_with_police"} <= stages
    assert history.filter(gateway_decision_on__isnull=False).exists()
    assert history.filter(panel_on__isnull=False).exists()
    for referral in history:
        assert "Demo Person" not in referral.answers_encrypted
        assert referral.answers["steps"]["person"]["full_name"].startswith("Demo Person H")


def test_a_demo_training_administrator_in_local_development_only(load_all, settings):
    load_all()
    trainer = get_user_model().objects.get(username=training_history.DEMO_TRAINER_USERNAME)
    assert trainer.check_password(DEMO_STAFF["trainer"][1])
    assert has_role(trainer, TRAINING_ADMIN)


def test_with_debug_off_no_referrals_and_no_demo_accounts(settings):
    settings.DEBUG = False
    out = io.StringIO()
    training_demo.load(stdout=out)
    training_history.load(stdout=out)
    referral_history.load(stdout=out)
    assert not get_user_model().objects.filter(username="trainer").exists()
    assert not Referral.objects.exists()
    assert Booking.objects.filter(reference__startswith="PT-H").exists()
