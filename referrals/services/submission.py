"""Turning a complete draft into a referral, exactly once."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.debug import sensitive_variables

from core.emails import queue_email

from .. import journey
from ..form_fields import age_band_from
from ..models import Referral, ReferralDraft, Stage, StageChange, apply_stage, new_reference

logger = logging.getLogger("referrals.services")


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
        apply_stage(referral, previous=None, stage=Stage.RECEIVED, day=received_on)
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
