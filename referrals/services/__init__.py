"""Every write that matters in the referrals app.

Keyword-only functions, one transaction each, called alike by the views, the admin,
the scheduled tasks and the tests. None of them logs, emails or audits personal data:
log lines and audit entries name a referral by its reference only. Split by journey:
drafts (answers in progress), submission, cases (officers' work), retention, keys.
"""

from ..models import add_years, retention_years
from .cases import (
    STATISTICS_COLUMNS,
    StageStep,
    add_note,
    assign_officer,
    change_stage,
    delete_referral,
    export_for_police,
    export_statistics,
    record_access,
    record_review,
    stage_change_errors,
)
from .drafts import discard_draft, expire_drafts, save_draft_step, touch_draft
from .keys import ENCRYPTED_COLUMNS, rotate_encryption_keys
from .retention import erase_expired_referrals, erase_referral
from .submission import (
    DraftNotFoundError,
    IncompleteReferralError,
    ReferralError,
    SubmitTokenMismatchError,
    email_topic,
    submit_referral,
)

__all__ = [
    "ENCRYPTED_COLUMNS",
    "STATISTICS_COLUMNS",
    "DraftNotFoundError",
    "IncompleteReferralError",
    "ReferralError",
    "StageStep",
    "SubmitTokenMismatchError",
    "add_note",
    "add_years",
    "assign_officer",
    "change_stage",
    "delete_referral",
    "discard_draft",
    "email_topic",
    "erase_expired_referrals",
    "erase_referral",
    "expire_drafts",
    "export_for_police",
    "export_statistics",
    "record_access",
    "record_review",
    "retention_years",
    "rotate_encryption_keys",
    "save_draft_step",
    "stage_change_errors",
    "submit_referral",
    "touch_draft",
]
