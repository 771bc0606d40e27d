"""Prevent officers' work on a case: stages, assignment, access records, export, deletion."""

import csv
import io
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from core.models import OutboundEmail
from core.roles import is_prevent_officer

from .. import crypto
from ..models import (
    GATEWAY_OUTCOMES,
    TAKEN_FORWARD_STAGES,
    AuditEvent,
    Referral,
    Stage,
    StageChange,
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
        audit_event(
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
