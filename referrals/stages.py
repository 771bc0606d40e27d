"""A case's stages and the one place their rules live (apply_stage).

The stages follow the Channel duty guidance; services.change_stage checks a change
against NEXT_STAGES and then applies it with apply_stage, which the submission, the
demo's bulk history and the test factories use too (the last two through
apply_history), so no copy of the rules exists.
"""

from django.conf import settings
from django.db import models


class Stage(models.TextChoices):
    """A case's stages, as the Channel duty guidance (Home Office, updated 15 December
    2023) describes the pathway: police gateway assessment, Channel panel, consent before
    support, adoption, reviews at every panel while supported, exit, reviews 6 and 12
    months after exit, and a transfer when the person moves to another area."""

    RECEIVED = "received", "Received"
    SHARED_WITH_POLICE = "shared_with_police", "Shared with police for gateway assessment"
    NO_FURTHER_ACTION = "no_further_action", "Not taken forward: no further action"
    SIGNPOSTED = "signposted", "Not taken forward: signposted to another service"
    MANAGED_BY_POLICE = "managed_by_police", "Managed by police (police-led support)"
    PANEL = "panel", "Discussed at Channel panel"
    CONSENT_SOUGHT = "consent_sought", "Consent to Channel support sought"
    CONSENT_GIVEN = "consent_given", "Consent to Channel support given"
    CONSENT_DECLINED = "consent_declined", "Consent to Channel support declined"
    ADOPTED = "adopted", "Adopted by Channel"
    NOT_ADOPTED = "not_adopted", "Not adopted by Channel"
    EXITED = "exited", "Exited Channel"
    REVIEW_6_MONTHS = "review_6_months", "6-month review"
    REVIEW_12_MONTHS = "review_12_months", "12-month review"
    TRANSFERRED = "transferred", "Transferred to another area"
    CLOSED = "closed", "Closed"


# Where a case can go next. Closing is possible from any open stage (a duplicate, a
# person who has moved away), and so is a transfer to another area.
NEXT_STAGES = {
    Stage.RECEIVED: [Stage.SHARED_WITH_POLICE],
    Stage.SHARED_WITH_POLICE: [
        Stage.NO_FURTHER_ACTION,
        Stage.SIGNPOSTED,
        Stage.MANAGED_BY_POLICE,
        Stage.PANEL,
    ],
    Stage.MANAGED_BY_POLICE: [Stage.PANEL],
    Stage.PANEL: [Stage.CONSENT_SOUGHT, Stage.NOT_ADOPTED, Stage.SIGNPOSTED],
    Stage.CONSENT_SOUGHT: [Stage.CONSENT_GIVEN, Stage.CONSENT_DECLINED],
    Stage.CONSENT_GIVEN: [Stage.ADOPTED],
    # Without consent there is no Channel support: police-led support, or not adopted.
    Stage.CONSENT_DECLINED: [Stage.MANAGED_BY_POLICE, Stage.NOT_ADOPTED],
    Stage.ADOPTED: [Stage.EXITED],
    Stage.NOT_ADOPTED: [Stage.SIGNPOSTED],
    Stage.EXITED: [Stage.REVIEW_6_MONTHS],
    # A review may find new concerns: back to the panel, or a new referral to the gateway.
    Stage.REVIEW_6_MONTHS: [Stage.REVIEW_12_MONTHS, Stage.PANEL, Stage.SHARED_WITH_POLICE],
    Stage.REVIEW_12_MONTHS: [Stage.PANEL, Stage.SHARED_WITH_POLICE],
    # These close the case: the retention clock starts on their date.
    Stage.NO_FURTHER_ACTION: [],
    Stage.SIGNPOSTED: [],
    Stage.TRANSFERRED: [],
    Stage.CLOSED: [],
}
CLOSING_STAGES = {Stage.NO_FURTHER_ACTION, Stage.SIGNPOSTED, Stage.TRANSFERRED, Stage.CLOSED}
for _stage, _next in NEXT_STAGES.items():
    if _stage not in CLOSING_STAGES:
        _next.extend([Stage.TRANSFERRED, Stage.CLOSED])

# The police gateway decides between these; its date is kept for the statistics.
GATEWAY_OUTCOMES = {
    Stage.NO_FURTHER_ACTION,
    Stage.SIGNPOSTED,
    Stage.MANAGED_BY_POLICE,
    Stage.PANEL,
}
# Reaching any of these means the case was taken forward (the longer retention applies).
TAKEN_FORWARD_STAGES = {
    Stage.MANAGED_BY_POLICE,
    Stage.PANEL,
    Stage.CONSENT_SOUGHT,
    Stage.CONSENT_GIVEN,
    Stage.CONSENT_DECLINED,
    Stage.ADOPTED,
    Stage.NOT_ADOPTED,
    Stage.EXITED,
    Stage.REVIEW_6_MONTHS,
    Stage.REVIEW_12_MONTHS,
}
# While a case is at these, a panel reviews it regularly (each review is recorded).
SUPPORTED_STAGES = {Stage.ADOPTED}


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def retention_years(*, taken_forward):
    if taken_forward:
        return settings.REFERRAL_RETENTION_YEARS_TAKEN_FORWARD
    return settings.REFERRAL_RETENTION_YEARS_NOT_TAKEN_FORWARD


def apply_stage(referral, *, previous, stage, day, gateway_decision_on=None):
    """The one place the stage rules change a case's clear fields (not saved).

    Used by services.change_stage (an officer's change), by submit_referral (stage
    "received", previous None), and alike by the demo's bulk history and the test
    factories, so none of them holds a copy of these rules. Sets the stage, the
    statistics dates, "taken forward", the closing date of a closing stage, and always
    the erase date: every case has one, counted from its latest recorded step (from the
    closing date once closed), so a case nobody touches is still erased on time.
    """
    stage = Stage(stage)
    referral.stage = stage
    if stage == Stage.SHARED_WITH_POLICE and referral.shared_with_police_on is None:
        referral.shared_with_police_on = day
    if stage in GATEWAY_OUTCOMES and previous == Stage.SHARED_WITH_POLICE:
        # Straight to the panel, the police's decision may have been on an earlier day.
        referral.gateway_decision_on = gateway_decision_on or day
    if stage == Stage.PANEL:
        referral.panel_on = day
    if stage == Stage.ADOPTED:
        referral.adopted_on = day
    if stage == Stage.EXITED:
        referral.exited_on = day
    if stage in TAKEN_FORWARD_STAGES:
        referral.taken_forward = True
    if stage in CLOSING_STAGES:
        referral.closed_on = day
    referral.delete_after = add_years(day, retention_years(taken_forward=referral.taken_forward))


def apply_history(referral, history):
    """apply_stage for each (day, stage) of a whole history, in order, the first being
    "received": for the demo's bulk cases and the report tests' fixtures, which write a
    history straight to the tables without the officers' checks."""
    previous = None
    for day, stage in history:
        apply_stage(referral, previous=previous, stage=stage, day=day)
        previous = stage


def renew_erase_date(referral, *, day):
    """A note or review on an open case counts as activity: the erase date moves on."""
    if Stage(referral.stage) not in CLOSING_STAGES:
        referral.delete_after = add_years(
            day, retention_years(taken_forward=referral.taken_forward)
        )
