"""Channel referrals: the submitted case, its stage history, drafts and the audit trail.

Everything a person could be recognised by, and every free-text answer, lives only in
the `*_encrypted` columns (Fernet tokens, see crypto.py). The clear columns hold what
the statistics need and nothing else: referrer sector, district, age band, type of
concern, stage and dates.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import AppendOnlyQuerySet, staff_reference
from core.roles import PREVENT_OFFICER

from . import crypto
from .stages import (  # noqa: F401  (re-exported: the stage rules are part of the model's API)
    CLOSING_STAGES,
    GATEWAY_OUTCOMES,
    NEXT_STAGES,
    SUPPORTED_STAGES,
    TAKEN_FORWARD_STAGES,
    Stage,
    add_years,
    apply_history,
    apply_stage,
    renew_erase_date,
    retention_years,
)

# Answers in progress are refused and then deleted after this long without activity.
DRAFT_IDLE_LIMIT = timedelta(hours=2)
# Letters and digits nobody confuses when reading a reference aloud (no 0/O, 1/I/L, 5/S...).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY2346789"
REFERENCE_LENGTH = 8


def new_reference():
    return "PR-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_submit_token():
    return secrets.token_urlsafe(32)


class Sector(models.TextChoices):
    EDUCATION = "education", "School, college or university"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    FAITH = "faith", "Faith organisation"
    OTHER = "other", "Other"


class District(models.TextChoices):
    NORTH_WARWICKSHIRE = "north_warwickshire", "North Warwickshire"
    NUNEATON_AND_BEDWORTH = "nuneaton_and_bedworth", "Nuneaton and Bedworth"
    RUGBY = "rugby", "Rugby"
    STRATFORD_ON_AVON = "stratford_on_avon", "Stratford-on-Avon"
    WARWICK = "warwick", "Warwick"
    OUTSIDE = "outside", "Outside Warwickshire"


class AgeBand(models.TextChoices):
    UNDER_10 = "under_10", "Under 10"
    AGE_10_14 = "10_14", "10 to 14"
    AGE_15_17 = "15_17", "15 to 17"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_39 = "25_39", "25 to 39"
    AGE_40_PLUS = "40_plus", "40 or over"
    UNKNOWN = "unknown", "Not known"

    @classmethod
    def for_age(cls, age):
        if age is None:
            return cls.UNKNOWN
        for limit, band in ((10, cls.UNDER_10), (15, cls.AGE_10_14), (18, cls.AGE_15_17)):
            if age < limit:
                return band
        for limit, band in ((25, cls.AGE_18_24), (40, cls.AGE_25_39)):
            if age < limit:
                return band
        return cls.AGE_40_PLUS

    @classmethod
    def under_18_or_unknown(cls):
        return {cls.UNDER_10, cls.AGE_10_14, cls.AGE_15_17, cls.UNKNOWN}


class ConcernType(models.TextChoices):
    """The types of concern of the Home Office's published Prevent statistics, so local
    figures compare with national ones.

    Source: Home Office, "Individuals referred to and supported through the Prevent
    Programme, April 2024 to March 2025" (published 6 November 2025, gov.uk), whose new
    Prevent Case Management Tracker categories are Islamist, extreme right-wing,
    left-wing/anarchist/single-issue, incel, a fascination with extreme violence or mass
    casualty attacks where there is no other ideology (which takes in school massacres),
    conflicted or several ideologies with none dominant, and no ideology identified (other
    susceptibility to radicalisation). "Mixed, unclear or unstable" is the category of the
    releases up to 2023/24: kept for cases recorded under it, no longer offered.
    """

    ISLAMIST = "islamist", "Islamist"
    EXTREME_RIGHT_WING = "extreme_right_wing", "Extreme right-wing"
    LEFT_ANARCHIST_SINGLE_ISSUE = (
        "left_anarchist_single_issue",
        "Left-wing, anarchist or single-issue",
    )
    INCEL = "incel", "Involuntary celibate (incel)"
    MASS_VIOLENCE = (
        "mass_violence",
        "Fascination with extreme violence or mass casualty attacks, such as school "
        "massacres (no other ideology)",
    )
    CONFLICTED = "conflicted", "Conflicted: more than one ideology, none of them dominant"
    NO_IDEOLOGY = (
        "no_ideology",
        "No ideology identified, but other susceptibility to radicalisation",
    )
    MIXED_UNCLEAR_UNSTABLE = "mixed_unclear_unstable", "Mixed, unclear or unstable (before 2024)"
    OTHER = "other", "Other ideology"

    @classmethod
    def offered(cls):
        """The choices a referrer is offered (the retired category is not among them)."""
        return [
            (value, label) for value, label in cls.choices if value != cls.MIXED_UNCLEAR_UNSTABLE
        ]


class ReferralQuerySet(models.QuerySet):
    def due_for_erasure(self, today):
        return self.filter(delete_after__lte=today, erased_at__isnull=True)


class Referral(models.Model):
    """A submitted referral. Personal and free-text answers are one encrypted JSON document."""

    reference = models.CharField(max_length=11, unique=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    stage = models.CharField(
        max_length=20, choices=Stage, default=Stage.RECEIVED, db_index=True, editable=False
    )
    stage_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_referrals",
        limit_choices_to={"groups__name": PREVENT_OFFICER, "is_active": True},
    )
    # --- In clear, for statistics only -------------------------------------------------
    referrer_sector = models.CharField(max_length=20, choices=Sector, editable=False)
    district = models.CharField(max_length=30, choices=District, editable=False)
    age_band = models.CharField(max_length=10, choices=AgeBand, editable=False)
    concern_type = models.CharField(max_length=30, choices=ConcernType, editable=False)
    shared_with_police_on = models.DateField(null=True, blank=True, editable=False)
    gateway_decision_on = models.DateField(null=True, blank=True, editable=False)
    panel_on = models.DateField(null=True, blank=True, editable=False)
    adopted_on = models.DateField(null=True, blank=True, editable=False)
    exited_on = models.DateField(null=True, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    taken_forward = models.BooleanField(default=False, editable=False)
    # --- Retention -----------------------------------------------------------------------
    delete_after = models.DateField(null=True, blank=True, db_index=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # --- Encrypted -------------------------------------------------------------------------
    answers_encrypted = models.TextField(blank=True, editable=False)
    # The draft's random submit token: a second submit of the same draft finds this row.
    submit_token = models.CharField(
        max_length=64, unique=True, default=new_submit_token, editable=False
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            # No case is kept without the date it will be erased (apply_stage sets it).
            models.CheckConstraint(
                condition=models.Q(delete_after__isnull=False), name="referral_has_erase_date"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def is_erased(self):
        return self.erased_at is not None

    decrypted_answers = crypto.EncryptedJSON(
        "answers_encrypted", what=lambda referral: f"the answers of referral {referral.reference}"
    )

    @property
    def answers(self):
        """The decrypted answers ({} once erased). Raises ReferralDecryptionError loudly."""
        return {} if self.is_erased else self.decrypted_answers

    def set_answers(self, answers):
        self.decrypted_answers = answers

    def next_stages(self):
        return NEXT_STAGES[Stage(self.stage)]

    @property
    def is_closed(self):
        return Stage(self.stage) in CLOSING_STAGES


class StageChange(models.Model):
    """One dated entry of a case's timeline, recorded by an officer: a change of stage, a
    panel review of a supported case (with the next review date), or a note alone."""

    class Kind(models.TextChoices):
        STAGE = "stage", "Stage changed"
        REVIEW = "review", "Panel review"
        NOTE = "note", "Note"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="stage_changes")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.STAGE)
    # The case's stage after this entry (unchanged for a review or a note).
    stage = models.CharField(max_length=20, choices=Stage)
    # When it happened (the panel date, the gateway decision date...), kept in clear.
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    officer = staff_reference()
    officer_username = models.CharField(max_length=150, blank=True)
    consent_recorded_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    # {"note": ..., "support_plan": ...}; "" when there is nothing or after erasure.
    details_encrypted = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["stage", "occurred_on"])]

    def __str__(self):
        what = self.get_stage_display() if self.kind == self.Kind.STAGE else self.get_kind_display()
        return f"{what} on {self.occurred_on:%d %B %Y}"

    @property
    def details(self):
        if not self.details_encrypted:
            return {}
        return crypto.decrypt_json(self.details_encrypted, what="a stage note")


class ReferralDraftQuerySet(models.QuerySet):
    def idle_since(self, moment):
        return self.filter(updated_at__lt=moment)

    def live(self, now=None):
        return self.filter(updated_at__gte=(now or timezone.now()) - DRAFT_IDLE_LIMIT)


class ReferralDraft(models.Model):
    """Answers in progress. The session holds only this row's random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # {"steps": {step slug: {field name: [raw values]}}}
    payload_encrypted = models.TextField()
    # The answers, decrypted once per instance; assigning one encrypts it.
    payload = crypto.EncryptedJSON("payload_encrypted", what="a referral draft")
    submit_token = models.CharField(max_length=64, unique=True, default=new_submit_token)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ReferralDraftQuerySet.as_manager()

    def __str__(self):
        return f"Draft started {self.created_at:%d %B %Y %H:%M}"

    @property
    def steps(self):
        return self.payload.get("steps", {})

    def is_expired(self, now=None):
        return self.updated_at < (now or timezone.now()) - DRAFT_IDLE_LIMIT


class AuditEventQuerySet(AppendOnlyQuerySet):
    record_name = "referral audit trail"


class AuditEvent(models.Model):
    """Who did what to which referral, when and from where. Never the personal data itself.

    `detail` is built only from fixed labels (stage names, usernames of officers), and the
    referral is named by id and reference so the entry outlives the referral.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed the referral"
        VIEW_HISTORY = "view_history", "Viewed the change history"
        VIEW_REJECTED = "view_rejected", "Viewed the referral (change refused, shown again)"
        PRINT = "print", "Printed the referral"
        CHANGE_STAGE = "change_stage", "Changed the stage"
        REVIEW = "review", "Recorded a panel review"
        NOTE = "note", "Added a note"
        ASSIGN = "assign", "Changed the assigned officer"
        EXPORT = "export", "Exported"
        SHARE_WITH_POLICE = "share_police", "Exported for the police (national form order)"
        OFFICER_GRANTED = "officer_granted", "Gave the Prevent officer role"
        OFFICER_REMOVED = "officer_removed", "Took away the Prevent officer role"
        OFFICER_RESET = "officer_reset", "Reset an officer's authenticator"
        OFFICER_ENROLLED = "officer_enrolled", "An officer set up an authenticator"
        DELETE = "delete", "Deleted the referral"
        ERASE = "erase", "Erased personal data (retention)"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    officer = staff_reference()
    # Kept even if the account is later deleted; blank for the system's own actions.
    officer_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action)
    referral_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reference = models.CharField(max_length=11, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.reference}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The referral audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The referral audit trail cannot be deleted.")
