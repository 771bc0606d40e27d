"""Casework as the Channel duty guidance describes it, and every decrypted view audited."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from referrals import services, working_days
from referrals.models import AuditEvent, Referral, Stage, StageChange

from .factories import make_referral
from .test_case_admin import change_url, days_ago, move

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def adopted(officer):
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - timedelta(days=60))
    referral.stage_changes.update(occurred_on=days_ago(60))
    for stage, ago in [
        (Stage.SHARED_WITH_POLICE, 58),
        (Stage.PANEL, 50),
        (Stage.CONSENT_SOUGHT, 50),
        (Stage.CONSENT_GIVEN, 45),
        (Stage.ADOPTED, 45),
    ]:
        step = services.StageStep(
            stage,
            days_ago(ago),
            support_plan="Mentoring" if stage == Stage.ADOPTED else "",
            consent_recorded_on=days_ago(ago) if stage == Stage.ADOPTED else None,
        )
        services.change_stage(referral_id=referral.pk, step=step, officer=officer)
    referral.refresh_from_db()
    return referral


def test_every_case_has_an_erase_date_from_the_moment_it_arrives(db):
    referral = make_referral()
    assert referral.delete_after is not None
    with pytest.raises(IntegrityError):
        Referral.objects.filter(pk=referral.pk).update(delete_after=None)


def test_a_supported_case_is_reviewed_repeatedly_with_dates_and_encrypted_notes(
    officer_client, adopted
):
    for ago, next_in, note in [(30, 30, "First review: engaging well"), (2, 28, "Second review")]:
        response = officer_client.post(
            change_url(adopted),
            {
                "assigned_officer": "",
                "new_stage": "",
                "review_on": days_ago(ago).strftime("%d/%m/%Y"),
                "review_note": note,
                "next_review_on": (days_ago(ago) + timedelta(days=next_in)).strftime("%d/%m/%Y"),
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    reviews = list(adopted.stage_changes.filter(kind=StageChange.Kind.REVIEW))
    assert [r.details["note"] for r in reviews] == ["First review: engaging well", "Second review"]
    assert all(r.stage == Stage.ADOPTED and r.next_review_on for r in reviews)
    assert "engaging" not in reviews[0].details_encrypted
    adopted.refresh_from_db()
    assert adopted.stage == Stage.ADOPTED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REVIEW).count() == 2
    page = officer_client.get(change_url(adopted)).content.decode()
    assert "Second review" in page and "Next review" in page


def test_a_review_is_refused_for_a_case_not_supported_and_without_a_next_date(officer):
    referral = make_referral()
    with pytest.raises(ValidationError) as refused:
        services.record_review(
            referral_id=referral.pk,
            occurred_on=timezone.localdate(),
            note="x",
            next_review_on=None,
            officer=officer,
        )
    assert {"stage", "next_review_on"} <= set(refused.value.message_dict)


def test_a_note_is_added_without_changing_the_stage(officer_client, officer):
    referral = make_referral()
    response = move(officer_client, referral, "", None, note="Called the school back")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.stage == Stage.RECEIVED
    note = referral.stage_changes.get(kind=StageChange.Kind.NOTE)
    assert note.details == {"note": "Called the school back"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.NOTE).count() == 1


def test_declined_consent_leads_to_not_adopted_or_police_led_support(officer, adopted):
    referral = make_referral()
    for stage in [Stage.SHARED_WITH_POLICE, Stage.PANEL, Stage.CONSENT_SOUGHT]:
        services.change_stage(
            referral_id=referral.pk,
            step=services.StageStep(stage, timezone.localdate()),
            officer=officer,
        )
    services.change_stage(
        referral_id=referral.pk,
        step=services.StageStep(Stage.CONSENT_DECLINED, timezone.localdate()),
        officer=officer,
    )
    referral.refresh_from_db()
    assert set(referral.next_stages()) >= {Stage.NOT_ADOPTED, Stage.MANAGED_BY_POLICE}
    assert Stage.ADOPTED not in referral.next_stages()


def test_after_a_review_a_case_can_return_to_the_panel_or_be_referred_again(officer, adopted):
    for stage, ago in [(Stage.EXITED, 20), (Stage.REVIEW_6_MONTHS, 10)]:
        services.change_stage(
            referral_id=adopted.pk, step=services.StageStep(stage, days_ago(ago)), officer=officer
        )
    adopted.refresh_from_db()
    assert {Stage.PANEL, Stage.SHARED_WITH_POLICE, Stage.TRANSFERRED} <= set(adopted.next_stages())
    services.change_stage(
        referral_id=adopted.pk, step=services.StageStep(Stage.PANEL, days_ago(5)), officer=officer
    )
    adopted.refresh_from_db()
    assert adopted.stage == Stage.PANEL and adopted.panel_on == days_ago(5)


def test_a_rejected_post_on_a_referral_is_audited(officer_client):
    referral = make_referral()
    response = move(officer_client, referral, Stage.ADOPTED, days_ago(1))
    assert response.status_code == 200
    assert "Sam Person" in response.content.decode()  # the answers are shown again
    event = AuditEvent.objects.get(reference=referral.reference)
    assert event.action == AuditEvent.Action.VIEW_REJECTED


def test_the_print_view_and_the_police_export_are_audited(officer_client):
    referral = make_referral()
    page = officer_client.get(f"/admin/referrals/referral/{referral.pk}/print/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.index("1. The individual’s details") < html.index("5. The referrer’s details")
    assert "Jo Carer" in html and "An online group, daily" in html
    pdf = officer_client.get(f"/admin/referrals/referral/{referral.pk}/share-with-police/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    actions = list(
        AuditEvent.objects.filter(reference=referral.reference)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.PRINT, AuditEvent.Action.SHARE_WITH_POLICE]


def test_the_police_document_follows_the_national_form_order(officer):
    from referrals import police_export

    referral = make_referral()
    titles = [section["title"] for section in police_export.sections(referral)]
    assert titles == [
        "Urgency",
        "1. The individual’s details",
        "2. Describe the concern",
        "3. Complex needs",
        "4. Other information",
        "5. The referrer’s details",
    ]
    labels = [row["label"] for s in police_export.sections(referral) for row in s["rows"]]
    for label in [
        "Their telephone number",
        "Who, how and how often",
        "Material or ideology seen",
        "Parents or carers",
        "What was discussed and said",
        "Safeguarding lead",
    ]:
        assert label in labels, label


def at(day, hour=10):
    return datetime(*day, hour, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "now", "waited"),
    [
        ((2026, 11, 27), (2026, 11, 28), 0),  # Friday, then Saturday
        ((2026, 11, 27), (2026, 11, 30), 1),  # Monday
        ((2026, 11, 27), (2026, 12, 1), 2),  # Tuesday: overdue
        ((2026, 12, 24), (2026, 12, 29), 1),  # Christmas, Boxing Day (observed) not counted
    ],
)
def test_working_days_skip_weekends_and_england_bank_holidays(received, now, waited):
    assert working_days.working_days_waited(at(received), at(now)) == waited


def test_the_case_list_flags_a_referral_waiting_over_a_working_day_unshared(officer_client):
    waiting = make_referral()
    Referral.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - timedelta(days=8))
    fresh = make_referral()
    page = officer_client.get("/admin/referrals/referral/").content.decode()
    assert "Waiting" in page
    assert page.count("overdue, share with police") == 1
    row = page[page.index(waiting.reference) :]
    assert "overdue" in row[: row.index("</tr>")]
    row = page[page.index(fresh.reference) :]
    assert "0 working days" in row[: row.index("</tr>")]
