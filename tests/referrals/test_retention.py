"""Retention: drafts go after 2 idle hours, cases are erased after their delete-after date."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import OutboundEmail
from core.scheduling import PERIODIC_TASKS, ensure_scheduled
from referrals import services
from referrals.models import AuditEvent, Referral, ReferralDraft, Stage, StageChange
from referrals.tasks import erase_expired_referrals, expire_referral_drafts

from .factories import make_draft, make_referral

pytestmark = pytest.mark.django_db


def closed_case(officer, *, closed_days_ago):
    referral = make_referral()
    received = timezone.now() - timedelta(days=closed_days_ago + 10)
    Referral.objects.filter(pk=referral.pk).update(received_at=received)
    referral.stage_changes.update(occurred_on=timezone.localdate(received))
    today = timezone.localdate()
    for stage, ago in [
        (Stage.SHARED_WITH_POLICE, closed_days_ago + 5),
        (Stage.PANEL, closed_days_ago + 3),
        (Stage.CONSENT_SOUGHT, closed_days_ago + 3),
        (Stage.CONSENT_GIVEN, closed_days_ago + 2),
        (Stage.ADOPTED, closed_days_ago + 2),
        (Stage.CLOSED, closed_days_ago),
    ]:
        services.change_stage(
            referral_id=referral.pk,
            stage=stage,
            occurred_on=today - timedelta(days=ago),
            officer=officer,
            note=f"Private note about {stage.label}",
            support_plan="Mentoring with a named mentor" if stage == Stage.ADOPTED else "",
            consent_recorded_on=today - timedelta(days=ago) if stage == Stage.ADOPTED else None,
        )
    referral.refresh_from_db()
    return referral


def test_erasing_an_expired_case_keeps_only_statistics_and_the_audit_trail(officer):
    expired = closed_case(officer, closed_days_ago=30)
    kept = closed_case(officer, closed_days_ago=30)
    # Make the first one due today: its delete-after date has come.
    Referral.objects.filter(pk=expired.pk).update(delete_after=timezone.localdate())
    idle = make_draft()
    ReferralDraft.objects.filter(pk=idle.pk).update(updated_at=timezone.now() - timedelta(hours=3))
    live = make_draft()
    trail_before = AuditEvent.objects.filter(referral_id=expired.pk).count()

    assert services.erase_expired_referrals() == 1

    expired.refresh_from_db()
    assert expired.is_erased and expired.answers_encrypted == "" and expired.answers == {}
    assert not StageChange.objects.filter(referral=expired).exclude(details_encrypted="").exists()
    assert not OutboundEmail.objects.filter(topic=f"referral:{expired.pk}").exists()
    # Statistics and dates stay in clear.
    assert (expired.district, expired.age_band, expired.concern_type, expired.stage) == (
        "rugby",
        "15_17",
        "extreme_right_wing",
        Stage.CLOSED,
    )
    assert expired.panel_on and expired.adopted_on and expired.closed_on
    assert StageChange.objects.filter(referral=expired).count() == 7
    # The audit trail is kept, with the erasure added by the system.
    assert AuditEvent.objects.filter(referral_id=expired.pk).count() == trail_before + 1
    erase = AuditEvent.objects.get(referral_id=expired.pk, action=AuditEvent.Action.ERASE)
    assert erase.officer is None and erase.reference == expired.reference
    # Drafts idle too long go; the other case and the live draft are untouched.
    assert list(ReferralDraft.objects.values_list("pk", flat=True)) == [live.pk]
    kept.refresh_from_db()
    assert not kept.is_erased and kept.answers["steps"]["person"]["full_name"] == "Sam Person"
    assert OutboundEmail.objects.filter(topic=f"referral:{kept.pk}").count() == 2
    # Running again changes nothing.
    assert services.erase_expired_referrals() == 0


def test_an_erased_case_says_so_and_cannot_be_moved_on(officer, officer_client):
    referral = closed_case(officer, closed_days_ago=30)
    services.erase_referral(referral_id=referral.pk)
    page = officer_client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()
    assert "was erased on" in page
    assert "Sam Person" not in page and "Private note" not in page and "Mentoring" not in page
    errors = services.stage_change_errors(
        referral=Referral.objects.get(pk=referral.pk),
        stage=Stage.CLOSED,
        occurred_on=timezone.localdate(),
    )
    assert "erased" in errors["stage"]


def test_cases_not_yet_due_are_not_erased(officer):
    referral = closed_case(officer, closed_days_ago=30)
    assert referral.delete_after > timezone.localdate()
    assert services.erase_expired_referrals() == 0
    referral.refresh_from_db()
    assert not referral.is_erased


def test_delivered_referral_emails_are_purged_and_failed_ones_kept_a_week():
    referral = make_referral()
    emails = OutboundEmail.objects.filter(topic=f"referral:{referral.pk}")
    first, second = emails
    OutboundEmail.objects.filter(pk=first.pk).update(status=OutboundEmail.Status.SENT)
    OutboundEmail.objects.filter(pk=second.pk).update(status=OutboundEmail.Status.FAILED)
    other = OutboundEmail.objects.create(to=["a@example.com"], subject="Booking", text_body="x")
    OutboundEmail.objects.filter(pk=other.pk).update(status=OutboundEmail.Status.SENT)
    assert services.purge_sent_referral_emails() == 1
    assert list(emails.values_list("pk", flat=True)) == [second.pk]
    OutboundEmail.objects.filter(pk=second.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert services.purge_sent_referral_emails() == 1
    assert OutboundEmail.objects.filter(pk=other.pk).exists()  # not ours


def test_the_jobs_are_scheduled_and_carry_no_arguments():
    paths = {task.module_path for task, _every in PERIODIC_TASKS.values()}
    assert "referrals.tasks.expire_referral_drafts" in paths
    assert "referrals.tasks.erase_expired_referrals" in paths
    assert PERIODIC_TASKS["referrals.tasks.expire_referral_drafts"][1] <= timedelta(minutes=10)
    for task in (expire_referral_drafts, erase_expired_referrals):
        ensure_scheduled(task)
    for result in DBTaskResult.objects.filter(task_path__startswith="referrals."):
        assert result.args_kwargs == {"args": [], "kwargs": {}}


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_jobs_run_and_reschedule_themselves(run_tasks):
    draft = make_draft()
    ReferralDraft.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(hours=2, minutes=1)
    )
    ensure_scheduled(expire_referral_drafts)
    ensure_scheduled(erase_expired_referrals)
    run_tasks()
    assert not ReferralDraft.objects.exists()
    waiting = DBTaskResult.objects.filter(status="READY", task_path__startswith="referrals.")
    assert {r.task_path for r in waiting} == {
        "referrals.tasks.expire_referral_drafts",
        "referrals.tasks.erase_expired_referrals",
    }
