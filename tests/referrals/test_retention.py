"""Retention: drafts go after 2 idle hours, cases are erased after their delete-after date."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import JobRun, OutboundEmail
from core.scheduling import dispatch_due_jobs, load_jobs
from core.tasks import purge_failed_email_content
from referrals import services
from referrals.models import AuditEvent, Referral, ReferralDraft, Stage, StageChange

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
        step = services.StageStep(
            stage,
            today - timedelta(days=ago),
            note=f"Private note about {stage.label}",
            support_plan="Mentoring with a named mentor" if stage == Stage.ADOPTED else "",
            consent_recorded_on=today - timedelta(days=ago) if stage == Stage.ADOPTED else None,
        )
        services.change_stage(referral_id=referral.pk, step=step, officer=officer)
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
        step=services.StageStep(Stage.CLOSED, timezone.localdate()),
    )
    assert "erased" in errors["stage"]


def test_cases_not_yet_due_are_not_erased(officer):
    referral = closed_case(officer, closed_days_ago=30)
    assert referral.delete_after > timezone.localdate()
    assert services.erase_expired_referrals() == 0
    referral.refresh_from_db()
    assert not referral.is_erased


@pytest.mark.django_db(transaction=True)
def test_delivered_referral_emails_keep_no_address_and_failed_ones_are_emptied_after_a_week(
    run_tasks,
):
    referral = make_referral()
    emails = OutboundEmail.objects.filter(topic=f"referral:{referral.pk}")
    first, second = emails
    assert first.content_encrypted and second.content_encrypted  # encrypted while waiting
    OutboundEmail.objects.filter(pk=second.pk).update(next_attempt_at=timezone.now() + timedelta(1))
    run_tasks()
    first.refresh_from_db()
    # Sent: the address and text went in the same update that marked it sent.
    assert first.status == OutboundEmail.Status.SENT and first.content_encrypted == ""
    OutboundEmail.objects.filter(pk=second.pk).update(
        status=OutboundEmail.Status.FAILED, last_attempt_at=timezone.now() - timedelta(days=6)
    )
    purge_failed_email_content.call()
    assert emails.get(pk=second.pk).content_encrypted  # kept a week for staff to resend
    OutboundEmail.objects.filter(pk=second.pk).update(
        last_attempt_at=timezone.now() - timedelta(days=8)
    )
    JobRun.objects.update(last_succeeded_at=None)  # the next day's run
    purge_failed_email_content.call()
    assert emails.get(pk=second.pk).content_encrypted == ""


def test_the_jobs_are_scheduled_and_carry_no_arguments():
    jobs = load_jobs()
    assert "referrals.tasks.expire_referral_drafts" in jobs
    assert "referrals.tasks.erase_expired_referrals" in jobs
    assert jobs["referrals.tasks.expire_referral_drafts"].every <= timedelta(minutes=10)
    dispatch_due_jobs()
    queued = DBTaskResult.objects.filter(task_path__startswith="referrals.")
    assert {r.task_path for r in queued} == {
        "referrals.tasks.expire_referral_drafts",
        "referrals.tasks.erase_expired_referrals",
    }
    for result in queued:
        assert result.args_kwargs == {"args": [], "kwargs": {}}


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_jobs_run_record_success_and_do_not_requeue_themselves(run_tasks):
    draft = make_draft()
    ReferralDraft.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(hours=2, minutes=1)
    )
    dispatch_due_jobs()
    run_tasks()
    assert not ReferralDraft.objects.exists()
    for name in (
        "referrals.tasks.expire_referral_drafts",
        "referrals.tasks.erase_expired_referrals",
    ):
        assert JobRun.objects.get(name=name).last_succeeded_at is not None
    # No self-re-queuing chain: the scheduler alone decides the next run.
    assert not DBTaskResult.objects.filter(status="READY", task_path__startswith="referrals.")
