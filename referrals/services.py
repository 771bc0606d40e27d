"""Every write that matters in the referrals app.

Keyword-only functions, one transaction each, called alike by the views, the admin,
the scheduled tasks and the tests. None of them logs, emails or audits personal data:
log lines and audit entries name a referral by its reference only.
"""

import csv
import io
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.debug import sensitive_variables

from prevent_site.emails import queue_email
from prevent_site.models import OutboundEmail
from prevent_site.roles import is_prevent_officer

from . import crypto, journey
from .forms import age_band_from
from .models import (
    GATEWAY_OUTCOMES,
    TAKEN_FORWARD_STAGES,
    AuditEvent,
    Referral,
    ReferralDraft,
    Stage,
    StageChange,
    new_reference,
)

logger = logging.getLogger(__name__)


class ReferralError(Exception):
    """A referral could not be submitted as asked (the view decides where to send the user)."""


class DraftNotFoundError(ReferralError):
    """No live draft: never started, already submitted, or expired after 2 hours idle."""


class SubmitTokenMismatchError(ReferralError):
    """The submit button came from an older check-your-answers page than the draft's."""


class IncompleteReferralError(ReferralError):
    def __init__(self, step):
        super().__init__(f"The '{step.slug}' page is not complete.")
        self.step = step


def email_topic(referral_id):
    """The OutboundEmail topic of a referral's emails (found and erased by it)."""
    return f"referral:{referral_id}"


# --- Drafts --------------------------------------------------------------------------------


@sensitive_variables()
def save_draft_step(*, draft_id, step_slug, raw, now=None):
    """Store one page's answers in the encrypted draft and return the draft.

    Creates a new draft when `draft_id` is None or names no live draft (the session only
    ever holds the returned draft's id). The row is locked while it is rewritten, so two
    tabs saving different pages at once both keep their page. Saving counts as activity:
    the 2-hour idle limit starts again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        draft = None
        if draft_id:
            draft = ReferralDraft.objects.select_for_update().live(now).filter(pk=draft_id).first()
        if draft is None:
            draft = ReferralDraft(created_at=now)
            payload = {"steps": {}}
        else:
            payload = draft.payload
        payload.setdefault("steps", {})[step_slug] = raw
        draft.set_payload(payload)
        draft.updated_at = now
        draft.save()
    return draft


def touch_draft(*, draft_id, now=None):
    """Record activity on a live draft (reading a page counts). Returns False if none is live."""
    now = now or timezone.now()
    return bool(ReferralDraft.objects.live(now).filter(pk=draft_id).update(updated_at=now))


def discard_draft(*, draft_id):
    """Delete a draft (expired, or abandoned by the referrer)."""
    ReferralDraft.objects.filter(pk=draft_id).delete()


def expire_drafts(*, now=None):
    """Delete every draft idle for longer than the limit. Returns how many went."""
    now = now or timezone.now()
    count, _ = ReferralDraft.objects.exclude(
        pk__in=ReferralDraft.objects.live(now).values("pk")
    ).delete()
    return count


# --- Submitting ---------------------------------------------------------------------------------


@sensitive_variables()
def submit_referral(*, draft_id, submit_token, now=None):
    """Turn a complete draft into a Referral, exactly once. Returns (referral, created).

    Guarantees, in one transaction: the draft row is locked, so a double click or two
    tabs submitting the same draft make one referral (the later call returns the first
    one's referral with created=False); every page is validated again; the answers are
    stored encrypted, the statistics fields in clear; a "received" entry starts the
    timeline; the draft is deleted; the referrer's acknowledgement (reference only) and
    the Prevent team's notice (reference and admin link only) are queued.
    Raises DraftNotFoundError, SubmitTokenMismatchError or IncompleteReferralError.
    """
    now = now or timezone.now()
    with transaction.atomic():
        existing = Referral.objects.filter(submit_token=submit_token).first()
        if existing is not None:
            return existing, False
        draft = ReferralDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            # A concurrent submit of the same draft may have just committed its referral.
            existing = Referral.objects.filter(submit_token=submit_token).first()
            if existing is not None:
                return existing, False
            raise DraftNotFoundError
        if draft.is_expired(now):
            raise DraftNotFoundError
        if not constant_time_compare(draft.submit_token, submit_token or ""):
            raise SubmitTokenMismatchError
        answers, incomplete = journey.clean_steps(draft.steps)
        if incomplete is not None:
            raise IncompleteReferralError(incomplete)

        received_on = timezone.localdate(now)
        referral = Referral(
            received_at=now,
            stage_changed_at=now,
            referrer_sector=answers["about-you"]["sector"],
            district=answers["address"]["district"],
            age_band=age_band_from(answers, on=received_on),
            concern_type=answers["concern"]["concern_type"],
            submit_token=draft.submit_token,
        )
        referral.set_answers({"version": journey.ANSWERS_VERSION, "steps": answers})
        _save_with_new_reference(referral)
        StageChange.objects.create(referral=referral, stage=Stage.RECEIVED, occurred_on=received_on)
        draft.delete()

        queue_email(
            to=[answers["about-you"]["email"]],
            subject=f"Prevent referral {referral.reference} received",
            template="referral_acknowledgement",
            context={"reference": referral.reference},
            topic=email_topic(referral.pk),
        )
        queue_email(
            to=[settings.PREVENT_TEAM_EMAIL],
            subject=f"Referral {referral.reference} received",
            template="referral_received",
            context={
                "reference": referral.reference,
                "admin_url": settings.SITE_URL
                + reverse("admin:referrals_referral_change", args=[referral.pk]),
            },
            topic=email_topic(referral.pk),
        )
    logger.info("Referral %s received", referral.reference)
    return referral, True


def _save_with_new_reference(referral, attempts=10):
    # 28^8 references make a clash very unlikely; a savepoint lets us simply draw again.
    for _ in range(attempts):
        referral.reference = new_reference()
        try:
            with transaction.atomic():
                referral.save()
            return
        except IntegrityError:
            if not Referral.objects.filter(reference=referral.reference).exists():
                raise
    raise RuntimeError("Could not find a free referral reference.")


# --- Case handling by Prevent officers ---------------------------------------------------------


def _require_officer(officer):
    if officer is None or not is_prevent_officer(officer):
        raise PermissionError("Only Prevent officers can handle referrals.")


def _audit(*, referral, officer, action, ip_address=None, detail=""):
    return AuditEvent.objects.create(
        officer=officer,
        officer_username=officer.get_username() if officer else "",
        action=action,
        referral_id=referral.pk,
        reference=referral.reference,
        ip_address=ip_address or None,
        detail=detail[:200],
    )


def record_access(*, referral, officer, action, ip_address=None):
    """Add a view (or history view) of a referral to the audit trail."""
    _require_officer(officer)
    return _audit(referral=referral, officer=officer, action=action, ip_address=ip_address)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def retention_years(*, taken_forward):
    if taken_forward:
        return settings.REFERRAL_RETENTION_YEARS_TAKEN_FORWARD
    return settings.REFERRAL_RETENTION_YEARS_NOT_TAKEN_FORWARD


def stage_change_errors(
    *,
    referral,
    stage,
    occurred_on,
    consent_recorded_on=None,
    support_plan="",
    gateway_decision_on=None,
    today=None,
):
    """Why this stage change cannot be made, as {field: message}; empty when it can."""
    today = today or timezone.localdate()
    errors = {}
    if referral.is_erased:
        return {"stage": "This case’s personal data has been erased; it cannot be moved on."}
    if stage not in referral.next_stages():
        allowed = ", ".join(str(Stage(s).label) for s in referral.next_stages()) or "none"
        errors["stage"] = (
            f"A case at ‘{referral.get_stage_display()}’ cannot move to that stage "
            f"(possible: {allowed})."
        )
    received_on = timezone.localdate(referral.received_at)
    for field, day, label in (
        ("occurred_on", occurred_on, "The date"),
        ("gateway_decision_on", gateway_decision_on, "The gateway decision date"),
        ("consent_recorded_on", consent_recorded_on, "The consent date"),
    ):
        if day is None:
            continue
        if day > today:
            errors[field] = f"{label} must be today or in the past."
        elif day < received_on:
            errors[field] = f"{label} must be on or after the day the referral was received."
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened."
    if stage == Stage.ADOPTED:
        if consent_recorded_on is None:
            errors["consent_recorded_on"] = "Enter the date the person’s consent was recorded."
        if not (support_plan or "").strip():
            errors["support_plan"] = "Enter the support plan."
    return errors


@sensitive_variables()
def change_stage(
    *,
    referral_id,
    stage,
    occurred_on,
    officer,
    ip_address=None,
    note="",
    support_plan="",
    consent_recorded_on=None,
    gateway_decision_on=None,
    today=None,
):
    """Move a case to its next stage, dated and attributed. Returns the StageChange.

    Locks the referral; refuses (ValidationError) a stage the Channel pathway does not
    allow from the current one, a date in the future or before the referral, and an
    adoption without a consent date and support plan. Keeps the statistics dates in
    clear (shared with police, gateway decision, panel, adopted, exited, closed), marks
    the case as taken forward when it reaches the police or the panel, and on closing
    sets the delete-after date from the retention settings. The note and support plan
    are stored encrypted. One audit entry names the stages, never the note.
    """
    _require_officer(officer)
    today = today or timezone.localdate()
    stage = Stage(stage)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        errors = stage_change_errors(
            referral=referral,
            stage=stage,
            occurred_on=occurred_on,
            consent_recorded_on=consent_recorded_on,
            support_plan=support_plan,
            gateway_decision_on=gateway_decision_on,
            today=today,
        )
        if errors:
            raise ValidationError(errors)
        previous = Stage(referral.stage)
        details = {
            key: value.strip()
            for key, value in (("note", note), ("support_plan", support_plan))
            if value and value.strip()
        }
        change = StageChange.objects.create(
            referral=referral,
            stage=stage,
            occurred_on=occurred_on,
            officer=officer,
            officer_username=officer.get_username(),
            consent_recorded_on=consent_recorded_on if stage == Stage.ADOPTED else None,
            details_encrypted=crypto.encrypt_json(details) if details else "",
        )
        referral.stage = stage
        referral.stage_changed_at = timezone.now()
        if stage == Stage.SHARED_WITH_POLICE:
            referral.shared_with_police_on = occurred_on
        if stage in GATEWAY_OUTCOMES and previous == Stage.SHARED_WITH_POLICE:
            referral.gateway_decision_on = gateway_decision_on or occurred_on
        if stage == Stage.PANEL:
            referral.panel_on = occurred_on
        if stage == Stage.ADOPTED:
            referral.adopted_on = occurred_on
        if stage == Stage.EXITED:
            referral.exited_on = occurred_on
        if stage in TAKEN_FORWARD_STAGES:
            referral.taken_forward = True
        if stage == Stage.CLOSED:
            referral.closed_on = occurred_on
            referral.delete_after = add_years(
                occurred_on, retention_years(taken_forward=referral.taken_forward)
            )
        referral.save()
        _audit(
            referral=referral,
            officer=officer,
            action=AuditEvent.Action.CHANGE_STAGE,
            ip_address=ip_address,
            detail=f"{previous.label} → {stage.label}",
        )
    return change


def assign_officer(*, referral_id, assignee, officer, ip_address=None):
    """Give a case to a Prevent officer (or to nobody). Audited; a no-op if unchanged."""
    _require_officer(officer)
    if assignee is not None and not is_prevent_officer(assignee):
        raise ValidationError({"assigned_officer": "Choose a Prevent officer."})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.assigned_officer_id == (assignee.pk if assignee else None):
            return referral
        referral.assigned_officer = assignee
        referral.save(update_fields=["assigned_officer"])
        _audit(
            referral=referral,
            officer=officer,
            action=AuditEvent.Action.ASSIGN,
            ip_address=ip_address,
            detail=f"Assigned to {assignee.get_username()}" if assignee else "Unassigned",
        )
    return referral


def delete_referral(*, referral_id, officer, ip_address=None):
    """Delete a referral (a duplicate, a test) with its timeline and queued emails. Audited.

    The audit entry keeps the reference, so the trail still shows what was deleted.
    """
    _require_officer(officer)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        _audit(
            referral=referral,
            officer=officer,
            action=AuditEvent.Action.DELETE,
            ip_address=ip_address,
        )
        OutboundEmail.objects.filter(topic=email_topic(referral.pk)).delete()
        referral.delete()


STATISTICS_COLUMNS = [
    ("reference", "Reference"),
    ("received_at", "Received"),
    ("stage", "Stage"),
    ("referrer_sector", "Referrer sector"),
    ("district", "District"),
    ("age_band", "Age band"),
    ("concern_type", "Type of concern"),
    ("shared_with_police_on", "Shared with police"),
    ("gateway_decision_on", "Gateway decision"),
    ("panel_on", "Channel panel"),
    ("adopted_on", "Adopted"),
    ("exited_on", "Exited"),
    ("closed_on", "Closed"),
    ("taken_forward", "Taken forward"),
]


def _statistics_row(referral):
    row = []
    for name, _label in STATISTICS_COLUMNS:
        value = getattr(referral, name)
        display = getattr(referral, f"get_{name}_display", None)
        if display is not None:
            value = display()
        elif name == "received_at":
            value = timezone.localdate(value).isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        row.append("" if value is None else value)
    return row


def export_statistics(*, referral_ids, officer, ip_address=None):
    """CSV of the clear statistics fields (never answers or notes). Audits each referral."""
    _require_officer(officer)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([label for _name, label in STATISTICS_COLUMNS])
    with transaction.atomic():
        for referral in Referral.objects.filter(pk__in=referral_ids).order_by("received_at"):
            writer.writerow(_statistics_row(referral))
            _audit(
                referral=referral,
                officer=officer,
                action=AuditEvent.Action.EXPORT,
                ip_address=ip_address,
                detail="Statistics CSV",
            )
    return output.getvalue()


# --- Retention -------------------------------------------------------------------------------


def erase_referral(*, referral_id, now=None):
    """Erase a case's personal data and keep its statistics and audit trail.

    Clears the encrypted answers and every stage note and support plan, deletes the
    case's queued or sent emails (topic "referral:<id>"), marks the case erased and
    records a system audit entry. Idempotent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.is_erased:
            return referral
        referral.answers_encrypted = ""
        referral.erased_at = now
        referral.save(update_fields=["answers_encrypted", "erased_at"])
        referral.stage_changes.update(details_encrypted="")
        OutboundEmail.objects.filter(topic=email_topic(referral.pk)).delete()
        _audit(
            referral=referral,
            officer=None,
            action=AuditEvent.Action.ERASE,
            detail="Retention period ended",
        )
    logger.info("Referral %s: personal data erased (retention)", referral.reference)
    return referral


def erase_expired_referrals(*, today=None):
    """Erase every case whose delete-after date has come, and every idle draft.

    Returns the number of cases erased. Each case is erased in its own transaction, so
    one failure does not hold back the rest (the next run retries it).
    """
    today = today or timezone.localdate()
    expire_drafts()
    erased = 0
    for referral_id in Referral.objects.due_for_erasure(today).values_list("pk", flat=True):
        erase_referral(referral_id=referral_id)
        erased += 1
    return erased


def purge_sent_referral_emails(*, older_than=None):
    """Delete referral emails once sent: the rows hold the referrer's address in clear.

    Failed ones are kept for staff to see until `older_than` (default 7 days), then go too.
    """
    now = timezone.now()
    older_than = older_than or now - timedelta(days=7)
    sent, _ = OutboundEmail.objects.filter(
        topic__startswith="referral:", status=OutboundEmail.Status.SENT
    ).delete()
    failed, _ = OutboundEmail.objects.filter(
        topic__startswith="referral:",
        status=OutboundEmail.Status.FAILED,
        created_at__lt=older_than,
    ).delete()
    return sent + failed


# --- Keys ---------------------------------------------------------------------------------------

ENCRYPTED_COLUMNS = [
    (Referral, "answers_encrypted"),
    (StageChange, "details_encrypted"),
    (ReferralDraft, "payload_encrypted"),
]


def rotate_encryption_keys(*, batch_size=500):
    """Re-encrypt every answer, note and draft under the newest key. Returns counts per table.

    All or nothing, in one transaction with the rows locked: if any token opens with no
    configured key, ReferralDecryptionError is raised (naming the table and row, never
    the data) and nothing is changed.
    """
    crypto.check_keys()
    counts = {}
    with transaction.atomic():
        for model, column in ENCRYPTED_COLUMNS:
            rows = list(
                model.objects.select_for_update()
                .exclude(**{column: ""})
                .only("pk", column)
                .order_by("pk")
            )
            for row in rows:
                what = f"{model._meta.db_table} row {row.pk}"
                setattr(row, column, crypto.rotate(getattr(row, column), what=what))
            model.objects.bulk_update(rows, [column], batch_size=batch_size)
            counts[model._meta.db_table] = len(rows)
    return counts
