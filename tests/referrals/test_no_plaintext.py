"""No plaintext anywhere: a referral full of unique markers, then every place data could land.

The markers go in through the public pages (as a referrer would type them) and an
officer's encrypted note; then the whole database (every table, every row, read with
raw SQL), the decoded session store, the task queue, the captured logs and every email
sent are searched. The referrer's email address is the one value that must leave the
site (it is where the acknowledgement goes): it may appear only as that email's
recipient, kept encrypted while it waits and emptied by the update that marks it sent.
"""

import logging
import secrets

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django.views.debug import ExceptionReporter
from django_tasks_db.models import DBTaskResult

from core.roles import PREVENT_OFFICER
from core.testing import as_browser
from referrals import services
from referrals.models import Referral, ReferralDraft, Stage

from .factories import born
from .test_journey import STEP_URLS, submit_token_of

pytestmark = pytest.mark.django_db(transaction=True)


class Markers:
    """A unique marker per answer; `all` lists every one (lower case, for searching)."""

    def __init__(self):
        self.prefix = "mk" + secrets.token_hex(4)
        self.values = {}
        digits = "".join(secrets.choice("0123456789") for _ in range(9))
        self.phone = "07" + digits
        self.email = f"{self.prefix}.referrer@example.com"
        self.dob = ("14", "2", "2011")
        self.dob_iso = "2011-02-14"
        self.postcode = "ZX9 9ZQ"
        self.person_phone = "07" + "".join(secrets.choice("0123456789") for _ in range(9))
        self.person_email = f"{self.prefix}.person@example.com"

    def __call__(self, name):
        value = f"{self.prefix}{name.replace('_', '')}"
        self.values[name] = value
        return value

    @property
    def all(self):
        found = [v.lower() for v in self.values.values()]
        return [
            *found,
            self.prefix,
            self.phone,
            self.person_phone,
            self.dob_iso,
            self.postcode.lower(),
        ]

    def raw(self):
        m = self
        return {
            "immediate-danger": {"immediate_danger": ["yes"]},
            "about-you": {
                "referrer_name": [m("referrer_name")],
                "job_title": [m("job_title")],
                "organisation": [m("organisation")],
                "sector": ["health"],
                "email": [m.email],
                "phone": [m.phone],
                "relationship": [m("relationship")],
            },
            "person": {
                "full_name": [m("full_name")],
                "other_names": [m("other_names")],
                **born(*m.dob),
                "approximate_age": [""],
                "gender": ["female"],
                "person_phone": [m.person_phone],
                "person_email": [m.person_email],
            },
            "address": {
                "address": [m("address")],
                "postcode": [m.postcode],
                "district": ["warwick"],
            },
            "family": {"carers": [m("carers")], "carers_support": ["no"]},
            "education-and-needs": {
                "setting": [m("setting")],
                "first_language": [m("first_language")],
                "interpreter": ["yes"],
                "needs": [m("needs")],
            },
            "concern": {
                "what_happened": [m("what_happened")],
                "how_it_came_to_light": [m("how_it_came_to_light")],
                "concern_type": ["incel"],
            },
            "contact-and-material": {
                "contact_with_others": ["yes"],
                "contact_details": [m("contact_details")],
                "material_seen": [m("material_seen")],
            },
            "risks": {
                "online_activity": [m("online_activity")],
                "violence": ["yes"],
                "violence_details": [m("violence_details")],
                "other_safeguarding": [m("other_safeguarding")],
            },
            "agencies": {
                "agencies_involved": ["yes"],
                "agencies": [m("agencies")],
                "agency_contact": [m("agency_contact")],
            },
            "awareness": {
                "person_aware": ["no"],
                "parents_aware": ["no"],
                "discussed": ["yes"],
                "discussion": [m("discussion")],
                "safeguarding_lead_consulted": ["yes"],
                "safeguarding_lead_name": [m("safeguarding_lead_name")],
            },
            "declaration": {"confirm": ["on"]},
        }


def whole_database():
    """{table: every row as text} for every table in the database, read with raw SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        dump = {}
        for table in tables:
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")  # noqa: S608 (table names from the catalogue)
            dump[table] = "\n".join(row[0] for row in cursor.fetchall()).lower()
    return dump


def found_in(text, markers):
    text = text.lower()
    return [
        marker
        for marker in markers
        if marker in text or marker.encode().hex() in text  # bytea columns show as hex
    ]


def decoded_sessions():
    return [str(SessionStore().decode(s.session_data)) for s in Session.objects.all()]


def assert_no_marker_in_sessions(step):
    """The session table, raw and decoded, holds no answer (checked after every step)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM django_session t")
        raw = "\n".join(row[0] for row in cursor.fetchall())
    assert not found_in(raw, MARKERS_IN_FLIGHT), f"session table after {step}"
    for decoded in decoded_sessions():
        assert not found_in(decoded, MARKERS_IN_FLIGHT), f"decoded session after {step}"


def answer_every_page(client, raw):
    for slug, data in raw.items():
        response = client.post(STEP_URLS[slug], as_browser(data))
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        assert not found_in(response["Location"], MARKERS_IN_FLIGHT), "answer in a URL"
        client.get(response["Location"])  # the next page, as the browser shows it
        assert_no_marker_in_sessions(slug)


MARKERS_IN_FLIGHT = []


def test_a_referral_full_of_markers_leaves_no_plaintext_anywhere(
    client, staff_client, caplog, run_tasks
):
    caplog.set_level(logging.DEBUG)
    markers = Markers()
    raw = markers.raw()
    MARKERS_IN_FLIGHT[:] = markers.all
    everything = markers.all
    assert len(markers.values) >= 15

    # 1. The referrer answers every page and sends the referral.
    answer_every_page(client, raw)
    drafts = whole_database()
    assert not [t for t, text in drafts.items() if found_in(text, everything)], (
        "answers in progress stored in clear"
    )
    response = client.post("/referrals/check-answers/", {"submit_token": submit_token_of(client)})
    assert response["Location"] == "/referrals/confirmation/"
    client.get("/referrals/confirmation/")
    assert_no_marker_in_sessions("submitting")
    referral = Referral.objects.get()
    assert referral.answers["steps"]["person"]["full_name"] == markers.values["full_name"]
    for name in ("carers", "contact_details", "material_seen", "discussion"):
        assert markers.values[name] in str(referral.answers["steps"])
    assert (referral.district, referral.age_band, referral.concern_type) == (
        "warwick",
        "15_17",
        "incel",
    )

    # 2. An officer opens the case, moves it on with a note, exports the statistics.
    officer_client = staff_client(PREVENT_OFFICER, username="officer9")
    page = officer_client.get(f"/admin/referrals/referral/{referral.pk}/change/")
    assert markers.values["full_name"] in page.content.decode()  # decrypted for the officer
    note = markers("officer_note")
    plan = markers("support_plan")
    response = officer_client.post(
        f"/admin/referrals/referral/{referral.pk}/change/",
        {
            "assigned_officer": "",
            "new_stage": Stage.SHARED_WITH_POLICE,
            "occurred_on": timezone.localdate(referral.received_at).strftime("%d/%m/%Y"),
            "note": note,
            "support_plan": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    MARKERS_IN_FLIGHT[:] = markers.all
    # A refused post, the print view and the police export show or carry the answers.
    refused = officer_client.post(
        f"/admin/referrals/referral/{referral.pk}/change/",
        {"assigned_officer": "", "new_stage": "adopted", "occurred_on": "", "note": note},
    )
    assert refused.status_code == 200 and markers.values["full_name"] in refused.content.decode()
    printed = officer_client.get(f"/admin/referrals/referral/{referral.pk}/print/")
    assert markers.values["carers"] in printed.content.decode()
    pdf = officer_client.get(f"/admin/referrals/referral/{referral.pk}/share-with-police/")
    assert pdf["Content-Type"] == "application/pdf"
    assert_no_marker_in_sessions("the officer's pages")
    exported = officer_client.post(
        "/admin/referrals/referral/",
        {"action": "export_statistics", "_selected_action": [referral.pk]},
    )
    assert not found_in(exported.content.decode(), everything + [note.lower(), plan.lower()])
    everything = markers.all

    # 3. While the emails wait, the referrer's address is in the queue only encrypted.
    dump = whole_database()
    leaks = {table: found_in(text, everything) for table, text in dump.items()}
    assert not any(leaks.values()), leaks

    # 4. Emails go out; they carry the reference only.
    outbox = run_tasks()
    assert len(outbox) == 2
    for message in outbox:
        text = message.subject + message.body + "".join(a[0] for a in message.alternatives)
        assert not found_in(text, everything), message.subject
        if message.to != [markers.email]:
            assert not found_in(" ".join(message.to), everything)

    # 5. The update that marked them sent emptied them: nothing at all, with no clean-up job.
    dump = whole_database()
    leaks = {table: found_in(text, everything) for table, text in dump.items()}
    assert not any(leaks.values()), leaks
    assert "core_outboundemail" in dump and "example.com" in dump["core_outboundemail"]
    assert "referrals_referral" in dump and "referrals_stagechange" in dump
    assert "django_session" in dump and DBTaskResult._meta.db_table in dump

    # Session store, decoded; the task queue, explicitly; every log line.
    for decoded in decoded_sessions():
        assert not found_in(decoded, everything)
    for result in DBTaskResult.objects.all():
        assert not found_in(str(result.args_kwargs) + str(result.return_value), everything)
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert not found_in(logged, everything)
    assert f"Referral {referral.reference} received" in caplog.text


@override_settings(ADMINS=["site-admins@example.com"], DEBUG=False)
def test_a_failure_while_submitting_leaks_nothing_and_keeps_the_draft(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    markers = Markers()
    raw = markers.raw()
    MARKERS_IN_FLIGHT[:] = markers.all
    answer_every_page(client, raw)
    draft_id = client.session["referrals_draft_id"]
    mail.outbox.clear()

    def broken_submit(**kwargs):
        raise RuntimeError("forced failure while submitting")

    monkeypatch.setattr(services, "submit_referral", broken_submit)
    client.raise_request_exception = False
    response = client.post("/referrals/check-answers/", {"submit_token": submit_token_of(client)})

    # The referrer sees the designed 500 page, with no answer on it.
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert not found_in(html, markers.all)
    # The error was reported (log and error email) without any answer.
    assert "forced failure while submitting" in caplog.text
    assert not found_in(caplog.text, markers.all)
    error_emails = [m for m in mail.outbox if m.to == ["site-admins@example.com"]]
    assert len(error_emails) == 1
    report = error_emails[0].body + "".join(a[0] for a in error_emails[0].alternatives)
    assert "forced failure while submitting" in report
    assert not found_in(report, markers.all)
    # Even the full HTML report (frame variables included) holds no answer, and POST is hidden.
    record = next(r for r in caplog.records if r.name == "django.request")
    full = ExceptionReporter(record.request, *record.exc_info, is_email=True).get_traceback_html()
    assert not found_in(full, markers.all)
    assert "submit_token" in full and submit_token_of(client) not in full
    # The answers are not lost: still in the encrypted draft, and shown again.
    draft = ReferralDraft.objects.get(pk=draft_id)
    assert draft.steps["person"]["full_name"] == [markers.values["full_name"]]
    assert Referral.objects.count() == 0
    page = client.get("/referrals/check-answers/")
    assert page.status_code == 200 and markers.values["full_name"] in page.content.decode()


@override_settings(ADMINS=["site-admins@example.com"], DEBUG=False)
def test_a_failure_while_saving_a_page_hides_the_posted_answers(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    markers = Markers()
    raw = markers.raw()

    def broken_save(**kwargs):
        raise RuntimeError("forced failure while saving")

    client.post(STEP_URLS["immediate-danger"], as_browser(raw["immediate-danger"]))
    monkeypatch.setattr(services, "save_draft_step", broken_save)
    client.raise_request_exception = False
    response = client.post(STEP_URLS["about-you"], as_browser(raw["about-you"]))
    assert response.status_code == 500
    assert not found_in(caplog.text, markers.all)
    error_emails = [m for m in mail.outbox if m.to == ["site-admins@example.com"]]
    assert len(error_emails) == 1
    report = error_emails[0].body
    assert "referrer_name = '********************'" in report
    assert not found_in(report, markers.all)
    record = next(r for r in caplog.records if r.name == "django.request")
    full = ExceptionReporter(record.request, *record.exc_info, is_email=True).get_traceback_html()
    assert not found_in(full, markers.all)
