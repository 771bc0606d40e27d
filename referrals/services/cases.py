"""Prevent officers' work on a case: stages, assignment, access records, export, deletion."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from core.models import OutboundEmail
from core.roles import is_prevent_officer

from .. import crypto
from ..models import (
    SUPPORTED_STAGES,
    AuditEvent,
    Referral,
    Stage,
    StageChange,
    apply_stage,
    renew_erase_date,
)
from .submission import email_topic


def _require_officer(officer):
    if officer is None or not is_prevent_officer(officer):
        raise PermissionError("Only Prevent officers can handle referrals.")


def audit_event(*, referral, officer, action, ip_address=None, detail=""):
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
    return audit_event(referral=referral, officer=officer, action=action, ip_address=ip_address)


@dataclass(frozen=True)
class StageStep:
    """A move of a case to its next stage, as an officer records it. Built once from the
    admin's case form (or by the demo and the tests) and handed whole to
    stage_change_errors, to check it, and to change_stage, to make it."""

    stage: Stage
    occurred_on: date | None
    note: str = ""
    support_plan: str = ""
    consent_recorded_on: date | None = None
    gateway_decision_on: date | None = None


def stage_change_errors(*, referral, step, today=None):
    """Why this stage step cannot be made, as {field: message}; empty when it can."""
    today = today or timezone.localdate()
    errors = {}
    if referral.is_erased:
        return {"stage": "This case’s personal data has been erased; it cannot be moved on."}
    if step.stage not in referral.next_stages():
        allowed = ", ".join(str(Stage(s).label) for s in referral.next_stages()) or "none"
        errors["stage"] = (
            f"A case at ‘{referral.get_stage_display()}’ cannot move to that stage "
            f"(possible: {allowed})."
        )
    received_on = timezone.localdate(referral.received_at)
    for field, day, label in (
        ("occurred_on", step.occurred_on, "The date"),
        ("gateway_decision_on", step.gateway_decision_on, "The gateway decision date"),
        ("consent_recorded_on", step.consent_recorded_on, "The consent date"),
    ):
        if day is None:
            continue
        if day > today:
            errors[field] = f"{label} must be today or in the past."
        elif day < received_on:
            errors[field] = f"{label} must be on or after the day the referral was received."
    if (
        step.gateway_decision_on
        and step.occurred_on
        and "gateway_decision_on" not in errors
        and step.gateway_decision_on > step.occurred_on
    ):
        errors["gateway_decision_on"] = "The gateway decision date must be on or before the date."
    if step.occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened."
    elif "occurred_on" not in errors and step.occurred_on < _last_step_on(referral):
        errors["occurred_on"] = "The date must be on or after the case's latest recorded step."
    if step.stage == Stage.ADOPTED:
        if step.consent_recorded_on is None:
            errors["consent_recorded_on"] = "Enter the date the person’s consent was recorded."
        if not (step.support_plan or "").strip():
            errors["support_plan"] = "Enter the support plan."
    return errors


def _last_step_on(referral):
    last = referral.stage_changes.order_by("-occurred_on").values_list("occurred_on", flat=True)
    return last.first() or timezone.localdate(referral.received_at)


@sensitive_variables()
def change_stage(*, referral_id, step, officer, ip_address=None, today=None):
    """Move a case to its next stage (a StageStep), dated and attributed. Returns the
    StageChange.

    Locks the referral; refuses (ValidationError) a stage the Channel pathway does not
    allow from the current one, a date in the future or before the referral, and an
    adoption without a consent date and support plan. Keeps the statistics dates in
    clear (shared with police, gateway decision, panel, adopted, exited, closed), marks
    the case as taken forward when it reaches the police or the panel, and on closing
    sets the delete-after date from the retention settings (models.apply_stage, the one
    place these rules live). The note and support plan are stored encrypted. One audit
    entry, in the same transaction, names the stages, never the note.
    """
    _require_officer(officer)
    today = today or timezone.localdate()
    stage = Stage(step.stage)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        errors = stage_change_errors(referral=referral, step=step, today=today)
        if errors:
            raise ValidationError(errors)
        previous = Stage(referral.stage)
        change = StageChange.objects.create(
            referral=referral,
            stage=stage,
            occurred_on=step.occurred_on,
            officer=officer,
            officer_username=officer.get_username(),
            consent_recorded_on=step.consent_recorded_on if stage == Stage.ADOPTED else None,
            details_encrypted=_encrypted_details(note=step.note, support_plan=step.support_plan),
        )
        referral.stage_changed_at = timezone.now()
        apply_stage(
            referral,
            previous=previous,
            stage=stage,
            day=step.occurred_on,
            gateway_decision_on=step.gateway_decision_on,
        )
        referral.save()
        audit_event(
            referral=referral,
            officer=officer,
            action=AuditEvent.Action.CHANGE_STAGE,
            ip_address=ip_address,
            detail=f"{previous.label} → {stage.label}",
        )
    return change


def _encrypted_details(**details):
    kept = {key: value.strip() for key, value in details.items() if value and value.strip()}
    return crypto.encrypt_json(kept) if kept else ""


def _entry_errors(referral, *, occurred_on, today):
    errors = {}
    if referral.is_erased:
        return {"occurred_on": "This case’s personal data has been erased."}
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date."
    elif occurred_on > today:
        errors["occurred_on"] = "The date must be today or in the past."
    elif occurred_on < timezone.localdate(referral.received_at):
        errors["occurred_on"] = "The date must be on or after the day the referral was received."
    return errors


# What each kind of timeline entry that leaves the stage as it is records in the audit trail.
_ENTRY_ACTIONS = {
    StageChange.Kind.REVIEW: AuditEvent.Action.REVIEW,
    StageChange.Kind.NOTE: AuditEvent.Action.NOTE,
}


@sensitive_variables()
def _add_entry(
    *,
    referral_id,
    kind,
    occurred_on,
    note,
    officer,
    ip_address,
    today,
    checks,
    detail="",
    next_review_on=None,
):
    """The one path of the timeline entries that leave the stage as it is (a panel review,
    a note): lock, check, write the entry with its note encrypted, move the erase date on
    and audit, all in one transaction. `checks(referral)` adds the kind's own errors."""
    _require_officer(officer)
    today = today or timezone.localdate()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        errors = _entry_errors(referral, occurred_on=occurred_on, today=today)
        errors.update(checks(referral))
        if errors:
            raise ValidationError(errors)
        entry = StageChange.objects.create(
            referral=referral,
            kind=kind,
            stage=referral.stage,
            occurred_on=occurred_on,
            next_review_on=next_review_on,
            officer=officer,
            officer_username=officer.get_username(),
            details_encrypted=_encrypted_details(note=note),
        )
        renew_erase_date(referral, day=occurred_on)
        referral.save(update_fields=["delete_after"])
        audit_event(
            referral=referral,
            officer=officer,
            action=_ENTRY_ACTIONS[kind],
            ip_address=ip_address,
            detail=detail,
        )
    return entry


@sensitive_variables()
def record_review(
    *, referral_id, occurred_on, note, next_review_on, officer, ip_address=None, today=None
):
    """Record a Channel panel's review of a supported (adopted) case: its date, an
    encrypted note and the next review date. As many as the panel holds; the stage stays.

    Locks the referral; refuses (ValidationError) a case that is not supported, a date in
    the future, an empty note, or a next review date that is not after the review. Moves
    the erase date on, and writes an audit entry in the same transaction."""

    def checks(referral):
        errors = {}
        if Stage(referral.stage) not in SUPPORTED_STAGES:
            errors["stage"] = "Panel reviews are recorded while a case is adopted by Channel."
        if not (note or "").strip():
            errors["note"] = "Enter what the panel reviewed and decided."
        if next_review_on is None:
            errors["next_review_on"] = "Enter the date of the next review."
        elif occurred_on and next_review_on <= occurred_on:
            errors["next_review_on"] = "The next review must be after this review."
        return errors

    return _add_entry(
        referral_id=referral_id,
        kind=StageChange.Kind.REVIEW,
        occurred_on=occurred_on,
        note=note,
        next_review_on=next_review_on,
        officer=officer,
        ip_address=ip_address,
        today=today,
        checks=checks,
        detail=f"Next review {next_review_on:%d %B %Y}" if next_review_on else "",
    )


@sensitive_variables()
def add_note(*, referral_id, occurred_on, note, officer, ip_address=None, today=None):
    """Add a dated, encrypted note to a case without changing its stage. Audited in the
    same transaction; on an open case the erase date moves on (it is activity)."""
    return _add_entry(
        referral_id=referral_id,
        kind=StageChange.Kind.NOTE,
        occurred_on=occurred_on,
        note=note,
        officer=officer,
        ip_address=ip_address,
        today=today,
        checks=lambda referral: {} if (note or "").strip() else {"note": "Enter the note."},
    )


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
        audit_event(
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
        audit_event(
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


@sensitive_variables()
def export_for_police(*, referral_id, officer, ip_address=None):
    """The referral as a PDF in the order of the National Prevent Referral Form's
    sections, for the secure route to the police. The audit entry (an export) is written
    in the same transaction that reads the answers; nothing is written if the PDF fails.
    Refuses (ValidationError) an erased case."""
    from .. import police_export

    _require_officer(officer)
    with transaction.atomic():
        referral = Referral.objects.get(pk=referral_id)
        if referral.is_erased:
            raise ValidationError("This referral’s personal data has been erased.")
        content = police_export.pdf(referral)
        audit_event(
            referral=referral,
            officer=officer,
            action=AuditEvent.Action.SHARE_WITH_POLICE,
            ip_address=ip_address,
            detail="PDF in the National Prevent Referral Form order",
        )
    return content


def export_statistics(*, referral_ids, officer, ip_address=None):
    """CSV of the clear statistics fields (never answers or notes). Audits each referral."""
    _require_officer(officer)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([label for _name, label in STATISTICS_COLUMNS])
    with transaction.atomic():
        for referral in Referral.objects.filter(pk__in=referral_ids).order_by("received_at"):
            writer.writerow(_statistics_row(referral))
            audit_event(
                referral=referral,
                officer=officer,
                action=AuditEvent.Action.EXPORT,
                ip_address=ip_address,
                detail="Statistics CSV",
            )
    return output.getvalue()
