"""The referral journey in Chromium: every page, every error state, a Change link, the
confirmation; axe and the HTML checker on every page; the same journey without JavaScript.

Set SCREENSHOTS_DIR to also save a full-page screenshot of each page.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import Referral, ReferralDraft
from tests.browser.conftest import check_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    # Playwright fills a form far faster than a person; the check has its own tests
    # (tests/security/test_public_form_protection.py, tests/browser/test_spam_protection.py).
    settings.SPAM_MIN_FILL_SECONDS = 0


ANSWERS = {
    "immediate-danger": {"immediate_danger": "no"},
    "about-you": {
        "referrer_name": "Alex Referrer",
        "job_title": "Safeguarding lead",
        "organisation": "Example School",
        "sector": "education",
        "email": "alex.referrer@example.com",
        "phone": "01632 960 001",
        "relationship": "Form tutor",
    },
    "person": {
        "full_name": "Sam Person",
        "other_names": "Sammy",
        "date_of_birth_0": "14",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2011",
        "gender": "not_known",
        "person_phone": "07700 900 457",
        "person_email": "",
    },
    "address": {"address": "1 High Street, Rugby", "postcode": "cv21 2aa", "district": "rugby"},
    "family": {"carers": "Jo Carer, mother, 07700 900 123", "carers_support": "not_asked"},
    "education-and-needs": {
        "setting": "Example School",
        "first_language": "English",
        "interpreter": "no",
    },
    "concern": {
        "what_happened": "Repeated remarks in lessons during November.",
        "how_it_came_to_light": "A teacher heard them.",
        "concern_type": "extreme_right_wing",
    },
    "contact-and-material": {
        "contact_with_others": "yes",
        "contact_details": "An online group chat, most evenings",
        "material_seen": "Stickers with a flag symbol",
    },
    "risks": {"online_activity": "Shares videos in a group chat", "violence": "no"},
    "agencies": {"agencies_involved": "no"},
    "awareness": {
        "person_aware": "no",
        "parents_aware": "not_sure",
        "discussed": "yes",
        "discussion": "The tutor asked about the stickers; Sam said they were a joke.",
        "safeguarding_lead_consulted": "yes",
        "safeguarding_lead_name": "Pat Lead",
    },
    "declaration": {"confirm": True},
}

# Wrong answers tried on each page (on top of leaving it empty), and the message each gets.
WRONG = {
    "about-you": [
        ({"email": "alex at example"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a telephone number, like 01632 960 001"),
    ],
    "person": [
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_1": ""}, "Date of birth must include a month"),
        ({"date_of_birth_2": "11"}, "Year must include 4 numbers"),
        ({"date_of_birth_2": "2999"}, "Date of birth must be in the past"),
    ],
    "address": [({"postcode": "NOWHERE"}, "Enter a real postcode, like CV34 4RL")],
    "contact-and-material": [
        ({"contact_details": ""}, "Enter who they are in contact with, how, and how often")
    ],
    "awareness": [
        ({"discussion": ""}, "Enter what was discussed, and what they said"),
        ({"safeguarding_lead_name": ""}, "Enter the name of the safeguarding lead you talked to"),
    ],
    "risks": [
        ({"violence": "yes"}, "Enter details of the threat of violence or access to weapons")
    ],
    "agencies": [({"agencies_involved": "yes"}, "Enter which agencies are involved")],
}


def shot(page, name):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        js = "js" if page.javascript_enabled else "nojs"
        page.screenshot(path=f"{folder}/{name}-{width}-{js}.png", full_page=True)


def fill(page, answers):
    for name, value in answers.items():
        field = page.locator(f'[name="{name}"]')
        kind = field.first.get_attribute("type")
        if kind == "radio":
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(value)


def press_continue(page):
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def assert_error_state(page, message=None):
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # Every link in the summary leads to an element on the page.
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(href).count() == 1, href
    if message:
        expect(summary.get_by_text(message)).to_be_visible()
        expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()
    if page.javascript_enabled:
        # GOV.UK Frontend moves focus to the summary so screen readers announce it.
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")


def journey(page):
    response = page.goto("/referrals/")
    assert "no-store" in response.headers["cache-control"]
    expect(page.get_by_role("heading", name="Make a Prevent referral")).to_be_visible()
    check_page(page)
    shot(page, "00-start")
    page.get_by_role("button", name="Start now").click()

    for number, (slug, answers) in enumerate(ANSWERS.items(), start=1):
        # This test posts every error state of 13 pages within a minute, past the
        # per-address rate limit a person never meets (it has its own tests): the count
        # starts again on each page.
        cache.clear()
        assert page.url.endswith(f"/referrals/{slug}/"), page.url
        expect(page.locator(".govuk-back-link")).to_be_visible()
        check_page(page)
        shot(page, f"{number:02d}-{slug}")
        press_continue(page)
        assert_error_state(page)
        check_page(page)
        shot(page, f"{number:02d}-{slug}-empty")
        for wrong, message in WRONG.get(slug, []):
            fill(page, {**answers, **wrong})
            press_continue(page)
            assert_error_state(page, message)
            check_page(page)
        if page.javascript_enabled and slug == "about-you":
            # A summary link takes the user to the question, a radio group to its first radio.
            fill(page, {"sector": "health", "referrer_name": ""})
            press_continue(page)
            page.locator(".govuk-error-summary a", has_text="Enter your full name").click()
            assert page.evaluate("document.activeElement.id") == "id_referrer_name"
        fill(page, answers)
        press_continue(page)

    assert page.url.endswith("/referrals/check-answers/")
    expect(
        page.get_by_role("heading", name="Check your answers before sending your referral")
    ).to_be_visible()
    check_page(page)
    shot(page, "14-check-answers")
    district = page.locator(".govuk-summary-list__row", has_text="District")
    assert district.locator("dd").first.inner_text() == "Rugby"
    expect(
        page.locator(".govuk-summary-list__row", has_text="Postcode").get_by_text("CV21 2AA")
    ).to_be_visible()
    for label, value in [
        ("Who, how and how often", "An online group chat, most evenings"),
        ("Parents or carers", "Jo Carer, mother, 07700 900 123"),
        ("Safeguarding lead", "Pat Lead"),
        ("Their telephone number", "07700 900 457"),
    ]:
        key = page.locator(".govuk-summary-list__key").get_by_text(label, exact=True)
        row = page.locator(".govuk-summary-list__row").filter(has=key)
        expect(row.get_by_text(value)).to_be_visible()
        expect(row.get_by_role("link", name=re.compile("^Change"))).to_be_visible()

    # A Change link, and back to check your answers.
    page.get_by_role("link", name="Change district (where the person lives)").click()
    assert page.url.endswith("/referrals/address/?return=check")
    assert page.locator(".govuk-back-link").get_attribute("href") == "/referrals/check-answers/"
    check_page(page)
    page.locator('input[name="district"][value="warwick"]').check()
    press_continue(page)
    assert page.url.endswith("/referrals/check-answers/")
    district = page.locator(".govuk-summary-list__row", has_text="District")
    assert district.locator("dd").first.inner_text() == "Warwick"

    page.get_by_role("button", name="Accept and send").click()
    page.wait_for_load_state()
    assert page.url.endswith("/referrals/confirmation/")
    referral = Referral.objects.get()
    panel = page.locator(".govuk-panel--confirmation")
    assert "Referral sent" in panel.inner_text() and referral.reference in panel.inner_text()
    check_page(page)
    shot(page, "15-confirmation")
    assert referral.district == "warwick"
    assert not ReferralDraft.objects.exists()
    # No answer ever reached a URL.
    assert "Sam" not in page.url


def test_referral_journey_in_chromium(page):
    journey(page)


def test_referral_journey_without_javascript(no_js_page):
    journey(no_js_page)


def test_referral_pages_on_a_small_screen(mobile_page):
    page = mobile_page
    page.goto("/referrals/")
    check_page(page)
    shot(page, "00-start")
    page.get_by_role("button", name="Start now").click()
    press_continue(page)
    assert_error_state(page)
    check_page(page)
    shot(page, "01-immediate-danger-empty")
    # Nothing overflows the 320px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_an_idle_draft_shows_the_deleted_answers_page(page):
    page.goto("/referrals/immediate-danger/")
    fill(page, ANSWERS["immediate-danger"])
    press_continue(page)
    fill(page, ANSWERS["about-you"])
    press_continue(page)
    ReferralDraft.objects.update(updated_at=timezone.now() - timedelta(hours=2, minutes=1))
    page.reload()
    expect(page.get_by_role("heading", name="Your answers have been deleted")).to_be_visible()
    check_page(page)
    shot(page, "16-expired")
    assert not ReferralDraft.objects.exists()
    page.get_by_role("button", name="Start again").click()
    assert page.url.endswith("/referrals/immediate-danger/")
    page.goto("/referrals/about-you/")
    assert page.locator('[name="referrer_name"]').input_value() == ""


@pytest.mark.parametrize("kind", ["js", "no_js"])
def test_a_yes_to_immediate_danger_says_call_999_and_lets_them_go_on(request, kind):
    page = request.getfixturevalue("page" if kind == "js" else "no_js_page")
    page.goto("/referrals/immediate-danger/")
    expect(page.get_by_text("If anyone is in immediate danger, call 999 now.")).to_be_visible()
    fill(page, {"immediate_danger": "yes"})
    press_continue(page)
    assert page.url.endswith("/referrals/about-you/")
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_be_visible()
    expect(banner.get_by_text("If you have not already, call 999 now.")).to_be_visible()
    check_page(page)
    shot(page, "02-about-you-after-danger")
