"""Booking answers in progress, encrypted at rest (models.BookingDraft, core.encryption)."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..models import BookingDraft


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def load_draft(*, draft_id, session_id, now=None):
    """The live draft with this id for this session, or None. Reading counts as activity."""
    key = _uuid(draft_id) if draft_id else None
    if key is None:
        return None
    now = now or timezone.now()
    draft = BookingDraft.objects.live(now).filter(pk=key, session_id=session_id).first()
    if draft is not None:
        BookingDraft.objects.filter(pk=draft.pk).update(updated_at=now)
    return draft


@sensitive_variables()
def save_draft(*, draft_id, session_id, payload, now=None):
    """Store the answers so far (replacing the last ones). Returns the draft.

    A new draft (with a new random id) is made when `draft_id` names no live draft of
    this session; the caller keeps only the returned draft's id in the visitor's session.
    """
    now = now or timezone.now()
    key = _uuid(draft_id) if draft_id else None
    with transaction.atomic():
        draft = None
        if key is not None:
            draft = (
                BookingDraft.objects.select_for_update()
                .live(now)
                .filter(pk=key, session_id=session_id)
                .first()
            )
        if draft is None:
            draft = BookingDraft(session_id=session_id, created_at=now)
        draft.payload = payload  # encrypted by the field's descriptor
        draft.updated_at = now
        draft.save()
    return draft


def discard_draft(*, draft_id):
    """Delete a draft (the booking was made). Any value is safe to pass."""
    key = _uuid(draft_id) if draft_id else None
    if key is not None:
        BookingDraft.objects.filter(pk=key).delete()
