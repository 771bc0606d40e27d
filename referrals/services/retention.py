"""Retention: erasing the personal data of cases past their delete-after date."""

import logging

from django.db import transaction
from django.utils import timezone

from core.models import OutboundEmail

from ..models import AuditEvent, Referral
from .cases import audit_event
from .drafts import expire_drafts
from .submission import email_topic

logger = logging.getLogger("referrals.services")


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
        audit_event(
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
