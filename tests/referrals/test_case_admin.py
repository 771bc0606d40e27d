"""Prevent officers handling a case in the admin: list, record, stages, assignment, audit."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import OutboundEmail
from core.roles import CONTENT_EDITOR, PREVENT_OFFICER
from referrals import services
from referrals.models import AuditEvent, Referral, Stage, StageChange

from .factories import make_referral

pytestmark = pytest.mark.django_db


def change_url(referral):
    return f"/admin/referrals/referral/{referral.pk}/change/"


def move(client, referral, stage, on, **extra):
    data = {
        "assigned_officer": referral.assigned_officer_id or "",
        "new_stage": stage,
        "occurred_on": on.strftime("%d/%m/%Y") if on else "",
        "gateway_decision_date": "",
        "consent_recorded_on": "",
        "support_plan": "",
        "note": "",
        **extra,
    }
    return client.post(change_url(referral), data)


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def old_referral(db):
    """A referral received 30 days ago, so stages can be dated in the past month."""
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - timedelta(days=30))
    referral.stage_changes.update(occurred_on=days_ago(30))
    referral.refresh_from_db()
    return referral


def test_case_list_shows_no_personal_data_and_searches_by_reference_only(officer_client):
    referral = make_referral()
    other = make_referral()
    page = officer_client.get("/admin/referrals/referral/").content.decode()
    for column in ["Reference", "Received", "Stage", "District", "Assigned officer"]:
        assert column in page
    assert referral.reference in page and other.reference in page
    assert "Sam Person" not in page and "Alex Referrer" not in page
    found = officer_client.get(f"/admin/referrals/referral/?q={referral.reference.lower()}")
    assert referral.reference in found.content.decode()
    assert other.reference not in found.content.decode()
    by_name = officer_client.get("/admin/referrals/referral/?q=Sam").content.decode()
    assert referral.reference not in by_name and other.reference not in by_name


def test_case_list_query_count_does_not_grow_with_cases(
    officer_client, officer, django_assert_max_num_queries
):
    for _ in range(3):
        services.assign_officer(referral_id=make_referral().pk, assignee=officer, officer=officer)
    with django_assert_max_num_queries(16) as few:
        assert officer_client.get("/admin/referrals/referral/").status_code == 200
    for _ in range(20):
        services.assign_officer(referral_id=make_referral().pk, assignee=officer, officer=officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_client.get("/admin/referrals/referral/").status_code == 200


def test_case_record_shows_decrypted_answers_timeline_and_records_the_view(officer_client, officer):
    referral = make_referral()
    response = officer_client.get(change_url(referral), REMOTE_ADDR="203.0.113.7")
    html = response.content.decode()
    for text in ["Sam Person", "Alex Referrer", "Talked about a knife", "Youth service"]:
        assert text in html
    assert "Received" in html and "Online form" in html  # the timeline's first entry
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.officer, event.officer_username, event.reference, event.ip_address) == (
        officer,
        officer.username,
        referral.reference,
        "203.0.113.7",
    )
    # The officer sees their own access in the record's access log.
    again = officer_client.get(change_url(referral)).content.decode()
    assert "Viewed the referral" in again and "203.0.113.7" in again


@pytest.mark.parametrize(
    ("behind_proxy", "recorded"), [(False, "192.0.2.10"), (True, "203.0.113.9")]
)
def test_the_audit_trail_records_the_address_by_the_sites_one_proxy_rule(
    officer_client, settings, behind_proxy, recorded
):
    """The same rule as rate limits and lockouts (core.ratelimit.client_ip): a
    forwarded-for header counts only behind our proxy, and then only its last hop."""
    settings.BEHIND_TRUSTED_PROXY = behind_proxy
    referral = make_referral()
    officer_client.get(
        change_url(referral),
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",
    )
    assert AuditEvent.objects.get(action=AuditEvent.Action.VIEW).ip_address == recorded


def test_history_views_are_audited(officer_client):
    referral = make_referral()
    officer_client.get(f"/admin/referrals/referral/{referral.pk}/history/")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_HISTORY).count() == 1


def test_straight_to_the_panel_the_gateway_decision_keeps_its_own_date(
    officer_client, old_referral
):
    move(officer_client, old_referral, Stage.SHARED_WITH_POLICE, days_ago(28))

    def to_panel_on_day_20(gateway_days_ago):
        decided = days_ago(gateway_days_ago).strftime("%d/%m/%Y")
        return move(
            officer_client, old_referral, Stage.PANEL, days_ago(20), gateway_decision_date=decided
        )

    assert "must be on or before the date" in to_panel_on_day_20(18).content.decode()
    assert to_panel_on_day_20(24).status_code == 302
    old_referral.refresh_from_db()
    assert old_referral.gateway_decision_on == days_ago(24)
    assert old_referral.panel_on == days_ago(20)


def test_a_case_moves_through_every_stage_of_the_channel_pathway(officer_client, old_referral):
    referral = old_referral
    steps = [
        (Stage.SHARED_WITH_POLICE, 28, {}),
        (Stage.MANAGED_BY_POLICE, 25, {}),
        (Stage.PANEL, 20, {"gateway_decision_date": days_ago(24).strftime("%d/%m/%Y")}),
        (Stage.CONSENT_SOUGHT, 20, {}),
        (Stage.CONSENT_GIVEN, 19, {"note": "Parent agreed at a home visit"}),
        (
            Stage.ADOPTED,
            19,
            {
                "consent_recorded_on": days_ago(19).strftime("%d/%m/%Y"),
                "support_plan": "Weekly mentoring plan",
            },
        ),
        (Stage.EXITED, 10, {}),
        (Stage.REVIEW_6_MONTHS, 5, {}),
        (Stage.REVIEW_12_MONTHS, 2, {}),
        (Stage.CLOSED, 1, {"note": "Case closed after review"}),
    ]
    for stage, ago, extra in steps:
        response = move(officer_client, referral, stage, days_ago(ago), **extra)
        assert response.status_code == 302, (stage, response.content.decode()[-3000:])
        referral.refresh_from_db()
        assert referral.stage == stage
    assert referral.shared_with_police_on == days_ago(28)
    assert referral.gateway_decision_on == days_ago(25)
    assert referral.panel_on == days_ago(20)
    assert referral.adopted_on == days_ago(19)
    assert referral.exited_on == days_ago(10)
    assert referral.closed_on == days_ago(1)
    assert referral.taken_forward is True
    assert referral.delete_after == services.add_years(days_ago(1), 6)
    changes = list(referral.stage_changes.all())
    assert [c.stage for c in changes] == [Stage.RECEIVED] + [s for s, _a, _e in steps]
    adopted = next(c for c in changes if c.stage == Stage.ADOPTED)
    assert adopted.consent_recorded_on == days_ago(19)
    assert adopted.details == {"support_plan": "Weekly mentoring plan"}
    assert "Weekly mentoring plan" not in adopted.details_encrypted
    assert all(c.officer_username == "officer1" for c in changes[1:])
    timeline = officer_client.get(change_url(referral)).content.decode()
    assert "Weekly mentoring plan" in timeline and "Case closed after review" in timeline
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE_STAGE).count() == len(steps)


@pytest.mark.parametrize(
    ("path", "years"),
    [
        # No further action and signposting close the case themselves (issue 13 part 4).
        ([Stage.SHARED_WITH_POLICE, Stage.NO_FURTHER_ACTION], 3),
        ([Stage.SHARED_WITH_POLICE, Stage.SIGNPOSTED], 3),
        ([Stage.CLOSED], 3),
        ([Stage.SHARED_WITH_POLICE, Stage.TRANSFERRED], 3),
        ([Stage.SHARED_WITH_POLICE, Stage.PANEL, Stage.NOT_ADOPTED, Stage.SIGNPOSTED], 6),
        (
            [
                Stage.SHARED_WITH_POLICE,
                Stage.PANEL,
                Stage.CONSENT_SOUGHT,
                Stage.CONSENT_DECLINED,
                Stage.MANAGED_BY_POLICE,
                Stage.CLOSED,
            ],
            6,
        ),
    ],
)
def test_closing_sets_the_delete_after_date(officer, old_referral, path, years):
    for index, stage in enumerate(path):
        services.change_stage(
            referral_id=old_referral.pk,
            step=services.StageStep(stage, days_ago(20 - index)),
            officer=officer,
        )
    old_referral.refresh_from_db()
    closed_on = days_ago(20 - len(path) + 1)
    assert old_referral.closed_on == closed_on
    assert old_referral.delete_after == services.add_years(closed_on, years)


def test_retention_periods_are_configurable(officer, old_referral, settings):
    settings.REFERRAL_RETENTION_YEARS_NOT_TAKEN_FORWARD = 1
    services.change_stage(
        referral_id=old_referral.pk,
        step=services.StageStep(Stage.CLOSED, days_ago(1)),
        officer=officer,
    )
    old_referral.refresh_from_db()
    assert old_referral.delete_after == services.add_years(days_ago(1), 1)


@pytest.mark.parametrize(
    ("stage", "on", "extra", "field", "message"),
    [
        (Stage.PANEL, 1, {}, "new_stage", "Select a valid choice"),
        (Stage.SHARED_WITH_POLICE, -3, {}, "occurred_on", "must be today or in the past"),
        (Stage.SHARED_WITH_POLICE, 60, {}, "occurred_on", "on or after the day the referral"),
        (Stage.SHARED_WITH_POLICE, None, {}, "occurred_on", "Enter the date it happened"),
        ("", None, {"support_plan": "orphan plan"}, "new_stage", "Choose the stage this support"),
    ],
)
def test_wrong_stage_changes_are_refused_with_a_message(
    officer_client, old_referral, stage, on, extra, field, message
):
    response = move(
        officer_client, old_referral, stage, days_ago(on) if on is not None else None, **extra
    )
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field][0]
    old_referral.refresh_from_db()
    assert old_referral.stage == Stage.RECEIVED
    assert StageChange.objects.count() == 1


def test_the_pathway_refuses_a_stage_out_of_order(officer, old_referral):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.change_stage(
            referral_id=old_referral.pk,
            step=services.StageStep(Stage.ADOPTED, days_ago(1)),
            officer=officer,
        )
    assert "cannot move to that stage" in str(refused.value)
    assert "Shared with police for gateway assessment" in str(refused.value)


def test_adoption_needs_consent_date_and_support_plan(officer, officer_client, old_referral):
    for stage, ago in [
        (Stage.SHARED_WITH_POLICE, 20),
        (Stage.PANEL, 10),
        (Stage.CONSENT_SOUGHT, 10),
        (Stage.CONSENT_GIVEN, 8),
    ]:
        services.change_stage(
            referral_id=old_referral.pk,
            step=services.StageStep(stage, days_ago(ago)),
            officer=officer,
        )
    response = move(officer_client, old_referral, Stage.ADOPTED, days_ago(5))
    errors = response.context["adminform"].form.errors
    assert "consent was recorded" in errors["consent_recorded_on"][0]
    assert "Enter the support plan" in errors["support_plan"][0]


def test_officers_can_be_assigned_and_only_officers(officer_client, officer, staff):
    referral = make_referral()
    colleague = staff(PREVENT_OFFICER, username="officer2")
    editor = staff(CONTENT_EDITOR, username="editor1")
    page = officer_client.get(change_url(referral)).content.decode()
    assert "officer2" in page and "editor1" not in page
    response = officer_client.post(
        change_url(referral), {"assigned_officer": colleague.pk, "new_stage": ""}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.assigned_officer == colleague
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGN)
    assert event.detail == "Assigned to officer2"
    response = officer_client.post(change_url(referral), {"assigned_officer": editor.pk})
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.assigned_officer == colleague
    list_page = officer_client.get("/admin/referrals/referral/").content.decode()
    assert "officer2" in list_page


def test_export_is_statistics_only_and_audited(officer_client):
    referral = make_referral()
    response = officer_client.post(
        "/admin/referrals/referral/",
        {"action": "export_statistics", "_selected_action": [referral.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Reference", "Received", "Stage"]
    assert rows[1][0] == referral.reference and "Rugby" in rows[1]
    assert "Sam Person" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.reference == referral.reference


def test_deleting_a_referral_is_audited_and_removes_its_emails(officer_client):
    referral = make_referral()
    assert OutboundEmail.objects.filter(topic=f"referral:{referral.pk}").count() == 2
    response = officer_client.post(
        f"/admin/referrals/referral/{referral.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Referral.objects.exists()
    assert not OutboundEmail.objects.filter(topic=f"referral:{referral.pk}").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert (event.reference, event.referral_id) == (referral.reference, referral.pk)


def test_bulk_delete_is_audited_per_referral(officer_client):
    referrals = [make_referral(), make_referral()]
    officer_client.post(
        "/admin/referrals/referral/",
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in referrals],
            "post": "yes",
        },
    )
    assert not Referral.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).count() == 2


def test_audit_trail_is_readable_by_officers(officer_client):
    referral = make_referral()
    officer_client.get(change_url(referral))
    page = officer_client.get("/admin/referrals/auditevent/").content.decode()
    assert referral.reference in page and "Viewed the referral" in page and "officer1" in page


def test_deleting_an_officer_account_keeps_their_trail(officer):
    referral = make_referral()
    services.record_access(referral=referral, officer=officer, action=AuditEvent.Action.VIEW)
    services.assign_officer(referral_id=referral.pk, assignee=officer, officer=officer)
    officer.delete()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.officer is None and event.officer_username == "officer1"
    referral.refresh_from_db()
    assert referral.assigned_officer is None


def test_services_refuse_anyone_but_an_officer(staff):
    referral = make_referral()
    superuser = staff(None, username="root", superuser=True)
    with pytest.raises(PermissionError):
        services.change_stage(
            referral_id=referral.pk,
            step=services.StageStep(Stage.SHARED_WITH_POLICE, date.today()),
            officer=superuser,
        )
    with pytest.raises(PermissionError):
        services.record_access(referral=referral, officer=superuser, action="view")


def test_admin_pages_for_the_team_email_link_work(officer_client):
    referral = make_referral()
    email = OutboundEmail.objects.get(
        topic=f"referral:{referral.pk}", subject__startswith="Referral "
    )
    link = next(line for line in email.text_body.splitlines() if "/admin/" in line)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert officer_client.get(path).status_code == 200
    assert Client().get(path).status_code == 302


def test_audit_trail_query_count_does_not_grow_with_entries(
    officer_client, officer, django_assert_max_num_queries
):
    referral = make_referral()
    for _ in range(3):
        services.record_access(referral=referral, officer=officer, action="view")
    with django_assert_max_num_queries(16) as few:
        assert officer_client.get("/admin/referrals/auditevent/").status_code == 200
    for _ in range(40):
        services.record_access(referral=referral, officer=officer, action="view")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer_client.get("/admin/referrals/auditevent/").status_code == 200


def test_answers_are_escaped_in_the_case_record(officer_client):
    from .factories import raw_answers

    raw = raw_answers()
    raw["concern"]["what_happened"] = ['<script>alert("x")</script> and <b>bold</b>']
    referral = make_referral(raw=raw)
    html = officer_client.get(change_url(referral)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
