"""The public referral journey, page by page, through the Django test client."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.testing import as_browser
from referrals import services
from referrals.journey import STEPS
from referrals.models import Referral, ReferralDraft
from referrals.views import DRAFT_SESSION_KEY, SUBMIT_TOKEN_SESSION_KEY, SUBMITTED_SESSION_KEY

from .factories import born, make_draft, raw_answers

pytestmark = pytest.mark.django_db

STEP_URLS = {step.slug: f"/referrals/{step.slug}/" for step in STEPS}


def answer_every_page(client, raw=None):
    raw = raw or raw_answers()
    for slug, data in raw.items():
        response = client.post(STEP_URLS[slug], as_browser(data))
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return response


def submit_token_of(client):
    """The submit token, as the person is given it: by showing them check your answers."""
    assert client.get("/referrals/check-answers/").status_code == 200
    return ReferralDraft.objects.get(pk=client.session[DRAFT_SESSION_KEY]).submit_token


def test_start_page_explains_referrals_and_starts_the_journey(client):
    response = client.get("/referrals/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in [
        "Make a Prevent referral",
        "call 999",
        "0800 789 321",
        "children’s safeguarding front door",
        "01926 414144",
        "shares every referral with the police Prevent team",
        "National Prevent Referral Form",
        "working hours",
        "0800 011 3764",
        'href="https://actearly.uk"',
        "20 to 30 minutes",
        'href="/privacy/"',
        'href="/referrals/immediate-danger/"',
        "Start now",
    ]:
        assert text in html, text


def test_every_referral_page_is_sent_with_no_store(client):
    answer_every_page(client)
    urls = ["/referrals/", *STEP_URLS.values(), "/referrals/check-answers/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    response = client.post(STEP_URLS["about-you"], {})
    assert "no-store" in response["Cache-Control"]
    token = submit_token_of(client)
    client.post("/referrals/check-answers/", {"submit_token": token})
    response = client.get("/referrals/confirmation/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


EMPTY_PAGE_ERRORS = {
    "immediate-danger": ["Select yes if anyone is in immediate danger"],
    "about-you": ["Enter your full name", "Select the sector you work in"],
    "person": ["Enter the person’s full name"],
    "address": ["Enter the person’s address", "Select the district they live in"],
    "family": [
        "Enter the parents’ or carers’ names and contact details",
        "Select whether the parents or carers support this referral",
    ],
    "education-and-needs": ["Select whether they need an interpreter"],
    "concern": ["Enter what happened, and when", "Select the type of concern"],
    "contact-and-material": [
        "Select whether they are in contact with any groups or individuals of concern"
    ],
    "risks": ["Select whether there is any threat of violence or access to weapons"],
    "agencies": ["Select whether any other agencies are involved"],
    "awareness": [
        "Select whether the person knows about this referral",
        "Select whether their parents or carers know about this referral",
        "Select whether anyone has talked to the person or their family about this",
        "Select whether you have talked to your safeguarding lead",
    ],
    "declaration": ["Confirm that you have read and agree to the declaration"],
}


def test_each_page_shows_an_error_summary_when_left_empty(client):
    raw = raw_answers()
    for step in STEPS:
        response = client.post(STEP_URLS[step.slug], {})
        html = response.content.decode()
        assert response.status_code == 200, step.slug
        assert "<title>Error: " in html
        assert 'class="govuk-error-summary"' in html
        assert 'class="govuk-back-link"' in html
        for message in EMPTY_PAGE_ERRORS[step.slug]:
            assert message in html, (step.slug, message)
        # Then answer it properly to reach the next page.
        assert client.post(STEP_URLS[step.slug], as_browser(raw[step.slug])).status_code == 302


@pytest.mark.parametrize(
    ("slug", "changes", "message"),
    [
        ("about-you", {"email": ["not-an-email"]}, "Enter an email address in the correct format"),
        ("about-you", {"phone": ["call me"]}, "Enter a telephone number, like 01632 960 001"),
        (
            "awareness",
            {"safeguarding_lead_name": [""]},
            "Enter the name of the safeguarding lead you talked to",
        ),
        ("person", {"person_email": ["nope"]}, "Enter their email address in the correct format"),
        ("person", {"person_phone": ["ring"]}, "Enter a telephone number, like 01632 960 001"),
        (
            "contact-and-material",
            {"contact_details": [""]},
            "Enter who they are in contact with, how, and how often",
        ),
        ("awareness", {"discussion": [""]}, "Enter what was discussed, and what they said"),
        ("about-you", {"sector": ["spies"]}, "Select the sector you work in"),
        ("about-you", {"referrer_name": ["x" * 201]}, "Full name must be 200 characters or fewer"),
        ("person", born("31", "2", "2010"), "Date of birth must be a real date"),
        ("person", born("1", "2", "10"), "Year must include 4 numbers"),
        ("person", born("1", "", "2010"), "Date of birth must include a month"),
        ("person", born("1", "1", "2999"), "Date of birth must be in the past"),
        ("person", {"approximate_age": ["old"]}, "Approximate age must be a whole number"),
        ("person", {"approximate_age": ["200"]}, "Approximate age must be 120 or less"),
        ("address", {"postcode": ["NOT A CODE"]}, "Enter a real postcode, like CV34 4RL"),
        ("risks", {"violence_details": [""]}, "Enter details of the threat of violence"),
        ("agencies", {"agencies": [""]}, "Enter which agencies are involved"),
        ("concern", {"what_happened": ["x" * 5001]}, "must be 5000 characters or fewer"),
    ],
)
def test_wrong_answers_get_govuk_messages(client, slug, changes, message):
    raw = raw_answers()
    for step in STEPS:
        if step.slug == slug:
            break
        client.post(STEP_URLS[step.slug], as_browser(raw[step.slug]))
    response = client.post(STEP_URLS[slug], as_browser({**raw[slug], **changes}))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "value", ["\x00", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃", "<script>alert(1)</script>", "' OR 1=1 --", "x" * 100_000]
)
def test_odd_input_never_gives_a_server_error(client, value):
    for step in STEPS:
        data = {key: [value] for key in raw_answers()[step.slug]}
        response = client.post(STEP_URLS[step.slug], data)
        assert response.status_code in (200, 302), step.slug
        assert b"<script>alert(1)</script>" not in response.content


def test_pages_cannot_be_skipped(client):
    assert client.get(STEP_URLS["concern"])["Location"] == "/referrals/about-you/"
    assert client.get("/referrals/check-answers/")["Location"] == "/referrals/"
    client.post(STEP_URLS["immediate-danger"], as_browser(raw_answers()["immediate-danger"]))
    assert client.get(STEP_URLS["declaration"])["Location"] == "/referrals/about-you/"
    # Posting straight to a later page saves nothing either.
    client.post(STEP_URLS["concern"], raw_answers()["concern"])
    draft = ReferralDraft.objects.get()
    assert set(draft.steps) == {"immediate-danger"}


def test_the_danger_question_holds_nothing_back_but_must_be_answered_to_send(client):
    raw = raw_answers()
    del raw["immediate-danger"]
    answer_every_page(client, raw)
    response = client.get("/referrals/check-answers/")
    assert response["Location"] == "/referrals/immediate-danger/?return=check"
    response = client.post(
        "/referrals/immediate-danger/?return=check", as_browser({"immediate_danger": ["no"]})
    )
    assert response["Location"] == "/referrals/check-answers/"
    assert client.get("/referrals/check-answers/").status_code == 200


def test_back_links_follow_the_pages(client):
    answer_every_page(client)
    html = client.get(STEP_URLS["immediate-danger"]).content.decode()
    assert '<a href="/referrals/" class="govuk-back-link">Back</a>' in html
    html = client.get(STEP_URLS["about-you"]).content.decode()
    assert '<a href="/referrals/immediate-danger/" class="govuk-back-link">Back</a>' in html
    html = client.get(STEP_URLS["address"]).content.decode()
    assert '<a href="/referrals/person/" class="govuk-back-link">Back</a>' in html
    html = client.get("/referrals/check-answers/").content.decode()
    assert '<a href="/referrals/declaration/" class="govuk-back-link">Back</a>' in html


def test_optional_questions_say_optional_and_nothing_uses_asterisks(client):
    answer_every_page(client)
    person = client.get(STEP_URLS["person"]).content.decode()
    assert "Other names they use (optional)" in person
    assert "Date of birth (optional)" in person
    for url in STEP_URLS.values():
        html = client.get(url).content.decode()
        assert "asteriskField" not in html and "*</label>" not in html


def test_answers_are_shown_again_when_going_back(client):
    answer_every_page(client)
    html = client.get(STEP_URLS["about-you"]).content.decode()
    assert 'value="Alex Referrer"' in html
    assert "govuk-error-summary" not in html


def test_check_answers_lists_everything_with_change_links(client):
    answer_every_page(client)
    response = client.get("/referrals/check-answers/")
    html = response.content.decode()
    assert "Check your answers before sending your referral" in html
    for text in [
        "Alex Referrer",
        "School, college or university",
        "Rugby",
        "CV21 2AA",
        "Extreme right-wing",
    ]:
        assert text in html, text
    for step in STEPS:
        assert f'href="/referrals/{step.slug}/?return=check"' in html
    assert "Accept and send" in html


def test_change_link_returns_to_check_answers(client):
    answer_every_page(client)
    page = client.get(STEP_URLS["address"] + "?return=check").content.decode()
    assert '<a href="/referrals/check-answers/" class="govuk-back-link">Back</a>' in page
    changed = {**raw_answers()["address"], "district": ["warwick"]}
    response = client.post(STEP_URLS["address"] + "?return=check", changed)
    assert response["Location"] == "/referrals/check-answers/"
    assert "Warwick" in client.get("/referrals/check-answers/").content.decode()


def test_a_change_that_opens_a_new_question_asks_it_before_check_answers(client):
    adult = raw_answers(age="30")
    adult["awareness"] = {
        "person_aware": ["yes"],
        "discussed": ["no"],
        "safeguarding_lead_consulted": ["no_lead"],
    }
    answer_every_page(client, adult)
    assert "parents or carers" not in client.get("/referrals/check-answers/").content.decode()
    child = {**adult["person"], "approximate_age": ["15"]}
    response = client.post(STEP_URLS["person"] + "?return=check", child)
    # A child now: the parents' or carers' questions come first, then who knows.
    assert response["Location"] == "/referrals/family/?return=check"
    response = client.post(
        STEP_URLS["family"] + "?return=check",
        {"carers": ["Jo Carer, mother"], "carers_support": ["yes"]},
    )
    assert response["Location"] == "/referrals/awareness/?return=check"
    response = client.post(
        STEP_URLS["awareness"] + "?return=check",
        {
            "person_aware": ["yes"],
            "parents_aware": ["no"],
            "discussed": ["no"],
            "safeguarding_lead_consulted": ["no_lead"],
        },
    )
    assert response["Location"] == "/referrals/check-answers/"


def test_submitting_makes_a_referral_and_shows_its_reference(client):
    answer_every_page(client)
    token = submit_token_of(client)
    response = client.post("/referrals/check-answers/", {"submit_token": token})
    assert response["Location"] == "/referrals/confirmation/"
    referral = Referral.objects.get()
    assert ReferralDraft.objects.count() == 0
    assert DRAFT_SESSION_KEY not in client.session
    page = client.get("/referrals/confirmation/").content.decode()
    assert "Referral sent" in page and referral.reference in page
    assert referral.reference.startswith("PR-") and len(referral.reference) == 11
    assert referral.district == "rugby" and referral.age_band == "15_17"
    assert referral.answers["steps"]["person"]["full_name"] == "Sam Person"


def test_double_submit_makes_one_referral_and_the_same_confirmation(client):
    answer_every_page(client)
    token = submit_token_of(client)
    first = client.post("/referrals/check-answers/", {"submit_token": token})
    second = client.post("/referrals/check-answers/", {"submit_token": token})
    assert first["Location"] == second["Location"] == "/referrals/confirmation/"
    assert Referral.objects.count() == 1
    assert (
        Referral.objects.get().reference in client.get("/referrals/confirmation/").content.decode()
    )


def test_double_submit_from_a_stale_session_still_confirms_the_one_referral(client):
    """The second click may carry the session as it was before the first was saved."""
    answer_every_page(client)
    token = submit_token_of(client)
    stale_session = client.cookies["sessionid"].value
    client.post("/referrals/check-answers/", {"submit_token": token})
    # Replay the old session state: it still names the (now deleted) draft.
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore(session_key=stale_session)
    store[DRAFT_SESSION_KEY] = (
        store.get(DRAFT_SESSION_KEY) or "00000000-0000-0000-0000-000000000000"
    )
    store.save()
    response = client.post("/referrals/check-answers/", {"submit_token": token})
    assert response["Location"] == "/referrals/confirmation/"
    assert Referral.objects.count() == 1


def test_a_stale_submit_token_sends_back_to_check_answers(client):
    answer_every_page(client)
    response = client.post("/referrals/check-answers/", {"submit_token": "forged"})
    assert response["Location"] == "/referrals/check-answers/"
    assert Referral.objects.count() == 0


def test_confirmation_without_a_submission_goes_to_the_start(client):
    assert client.get("/referrals/confirmation/")["Location"] == "/referrals/"


def test_session_holds_only_the_random_draft_id(client):
    answer_every_page(client)
    session = dict(client.session.items())
    draft_keys = {key for key in session if key.startswith("referrals")}
    assert draft_keys == {DRAFT_SESSION_KEY}
    assert ReferralDraft.objects.filter(pk=session[DRAFT_SESSION_KEY]).exists()
    # Cookies carry the session id and CSRF token only, never an answer.
    assert set(client.cookies) <= {"sessionid", "csrftoken"}
    for cookie in client.cookies.values():
        assert "Sam" not in cookie.value and "Alex" not in cookie.value


def test_an_idle_draft_is_refused_and_deleted(client):
    raw = raw_answers()
    client.post(STEP_URLS["immediate-danger"], as_browser(raw["immediate-danger"]))
    client.post(STEP_URLS["about-you"], as_browser(raw["about-you"]))
    draft = ReferralDraft.objects.get()
    ReferralDraft.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(hours=2, minutes=1)
    )
    response = client.get(STEP_URLS["person"])
    assert response.status_code == 200
    assert "Your answers have been deleted" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert ReferralDraft.objects.count() == 0
    assert DRAFT_SESSION_KEY not in client.session
    # Starting again makes a new, empty draft.
    html = client.get(STEP_URLS["about-you"]).content.decode()
    assert "Alex Referrer" not in html


def test_activity_keeps_a_draft_alive(client):
    raw = raw_answers()
    client.post(STEP_URLS["immediate-danger"], as_browser(raw["immediate-danger"]))
    client.post(STEP_URLS["about-you"], as_browser(raw["about-you"]))
    ReferralDraft.objects.update(updated_at=timezone.now() - timedelta(hours=1, minutes=59))
    assert client.get(STEP_URLS["person"]).status_code == 200
    assert ReferralDraft.objects.get().updated_at > timezone.now() - timedelta(minutes=1)


def test_an_expired_draft_cannot_be_submitted():
    draft = make_draft()
    ReferralDraft.objects.update(updated_at=timezone.now() - timedelta(hours=3))
    with pytest.raises(services.DraftNotFoundError):
        services.submit_referral(draft_id=draft.pk, submit_token=draft.submit_token)
    assert Referral.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_one_referral():
    draft = make_draft()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            results.append(
                services.submit_referral(draft_id=draft.pk, submit_token=draft.submit_token)
            )
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Referral.objects.count() == 1
    assert sorted(created for _referral, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk


@pytest.mark.django_db(transaction=True)  # the task worker closes connections
def test_submission_queues_two_emails_without_personal_data(client, run_tasks):
    answer_every_page(client)
    client.post("/referrals/check-answers/", {"submit_token": submit_token_of(client)})
    referral = Referral.objects.get()
    outbox = run_tasks()
    assert len(outbox) == 2
    acknowledgement = next(m for m in outbox if m.to == ["referrer@example.com"])
    team = next(m for m in outbox if m.to == ["prevent-team@warwickshire.example"])
    assert acknowledgement.subject == f"Prevent referral {referral.reference} received"
    assert team.subject == f"Referral {referral.reference} received"
    assert f"/admin/referrals/referral/{referral.pk}/change/" in team.body
    assert referral.reference in acknowledgement.body
    for message in outbox:
        text = message.body + message.alternatives[0][0]
        for personal in ["Sam", "Alex", "Rugby", "High Street", "knife", "Example School"]:
            assert personal not in text


def test_submitted_session_keeps_only_the_submit_token(client):
    answer_every_page(client)
    client.post("/referrals/check-answers/", {"submit_token": submit_token_of(client)})
    referral = Referral.objects.get()
    session = {key: value for key, value in client.session.items() if key.startswith("referrals")}
    assert session == {
        SUBMITTED_SESSION_KEY: referral.submit_token,
        SUBMIT_TOKEN_SESSION_KEY: referral.submit_token,
    }


def test_a_submit_token_is_accepted_only_from_the_session_it_was_shown_to(client):
    """Issue 16 part 4: another browser posting someone's submit token learns nothing."""
    from django.test import Client

    answer_every_page(client)
    token = submit_token_of(client)
    client.post("/referrals/check-answers/", {"submit_token": token})
    referral = Referral.objects.get()
    stranger = Client()
    response = stranger.post("/referrals/check-answers/", {"submit_token": token})
    assert response["Location"] == "/referrals/"
    assert stranger.get("/referrals/confirmation/")["Location"] == "/referrals/"
    assert SUBMITTED_SESSION_KEY not in stranger.session
    # A stranger with a journey of their own is sent back to their own check page.
    answer_every_page(stranger)
    response = stranger.post("/referrals/check-answers/", {"submit_token": token})
    assert response["Location"] == "/referrals/check-answers/"
    assert referral.reference not in stranger.get("/referrals/check-answers/").content.decode()
    assert Referral.objects.count() == 1


def test_a_yes_to_immediate_danger_says_call_999_and_still_goes_on(client):
    raw = raw_answers()
    page = client.get(STEP_URLS["immediate-danger"]).content.decode()
    assert "call 999 now" in page
    response = client.post(STEP_URLS["immediate-danger"], as_browser({"immediate_danger": ["yes"]}))
    assert response["Location"] == STEP_URLS["about-you"]
    html = client.get(STEP_URLS["about-you"]).content.decode()
    assert "You said someone is in immediate danger. If you have not already, call 999 now." in html
    for slug, data in list(raw.items())[1:]:
        assert client.post(STEP_URLS[slug], as_browser(data)).status_code == 302
    html = client.get("/referrals/check-answers/").content.decode()
    assert "call 999 now" in html and "Anyone in immediate danger" in html
