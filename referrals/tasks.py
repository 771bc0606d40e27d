"""Scheduled jobs of the referrals app (see core.scheduling). No arguments, so the
task queue never holds anything about a referral."""

from datetime import timedelta

from core.scheduling import periodic_task

from . import services


@periodic_task(every=timedelta(minutes=10))
def expire_referral_drafts():
    """Answers in progress go 2 hours after the referrer's last activity (checked every 10 min).
    (The referrer's address leaves the email queue when the email is sent: core.emails.)"""
    return f"{services.expire_drafts()} drafts expired"


@periodic_task(every=timedelta(hours=6))
def erase_expired_referrals():
    """Erase the personal data of cases past their delete-after date (retention)."""
    erased = services.erase_expired_referrals()
    return f"{erased} referrals erased"
