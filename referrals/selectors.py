"""Reads of the referrals app."""

import uuid

from .models import AuditEvent, Referral, ReferralDraft


def live_draft(draft_id):
    """The draft with this id if it has not been idle too long, else None."""
    try:
        key = uuid.UUID(str(draft_id))
    except ValueError:
        return None
    return ReferralDraft.objects.live().filter(pk=key).first()


def referral_for_submit_token(token):
    """The referral a given draft became, for its confirmation page."""
    if not token:
        return None
    return Referral.objects.filter(submit_token=token).only("pk", "reference").first()


def referrals_for_case_list():
    return Referral.objects.select_related("assigned_officer")


def timeline(referral):
    return referral.stage_changes.select_related("officer").order_by(
        "occurred_on", "recorded_at", "pk"
    )


def access_log(referral, limit=50):
    return AuditEvent.objects.filter(referral_id=referral.pk).order_by("-at", "-pk")[:limit]
