"""Answers in progress: one encrypted draft per referrer, found by the id in their session."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..models import DRAFT_IDLE_LIMIT, ReferralDraft


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
        draft.payload = payload
        draft.updated_at = now
        draft.save()
    return draft


def touch_draft(*, draft_id, now=None):
    """Record activity on a live draft (reading a page counts). Returns False if none is live."""
    now = now or timezone.now()
    return bool(ReferralDraft.objects.live(now).filter(pk=draft_id).update(updated_at=now))


def discard_draft(*, draft_id):
    """Delete a draft (expired, or abandoned by the referrer). Any id is safe to pass."""
    try:
        key = uuid.UUID(str(draft_id))
    except ValueError:
        return
    ReferralDraft.objects.filter(pk=key).delete()


def expire_drafts(*, now=None):
    """Delete every draft idle for longer than the limit. Returns how many went."""
    now = now or timezone.now()
    count, _ = ReferralDraft.objects.idle_since(now - DRAFT_IDLE_LIMIT).delete()
    return count
