"""The referral journey in Chromium: every page, every error state, a Change link, the
confirmation; axe and the HTML checker on every page; the same journey without JavaScript.

Set SCREENSHOTS_DIR to also save a full-page screenshot of each page.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from referrals.models import Referral, ReferralDraft
from tests.browser.conftest import check_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    # Playwright fills a form far faster than a person; the check has its own tests
    # (tests/security/test_public_form_protection.py, tests/browser/test_spam_protection.py).
    settings.SPAM_MIN_FILL_SECONDS = 0


ANSWERS = {
    "about-you": {
        "referrer_name": "Alex Referrer",
        "job_title": "Safeguarding lead",
        "organisation": "Example School",
        "sector": "education",
        "email": "alex.referrer@example.com",
        "phone": "01926 410410",
        "relationship": "Form tutor",
    },
    "person": {
        "full_name": "Sam Person",
        "other_names": "Sammy",
        "date_of_birth_0": "14",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2011",
        "gender": "not_known",
    },
    "address": {"address": "1 High Street, Rugby", "postcode": "cv21 2aa", "district": "rugby"},
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
    "risks": {"online_activity": "Shares videos in a group chat", "violence": "no"},
    "agencies": {"agencies_involved": "no"},
    "awareness": {"person_aware": "no", "parents_aware": "not_sure"},
    "declaration": {"confirm": True},
}

# Wrong answers tried on each page (on top of leaving it empty), and the message each gets.
WRONG = {
    "about-you": [
        ({"email": "alex at example"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a telephone number, like 01926 410410"),
    ],
    "person": [
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_1": ""}, "Date of birth must include a month"),
        ({"date_of_birth_2": "11"}, "Year must include 4 numbers"),
        ({"date_of_birth_2": "2999"}, "Date of birth must be in the past"),
    ],
    "address": [({"postcode": "NOWHERE"}, "Enter a real postcode, like CV34 4RL")],
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
    assert summary.is_visible()
    # Every link in the summary leads to an element on the page.
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(href).count() == 1, href
    if message:
        assert summary.get_by_text(message).is_visible()
        assert page.locator(".govuk-error-message", has_text=message).is_visible()
    if page.javascript_enabled:
        # GOV.UK Frontend moves focus to the summary so screen readers announce it.
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")


def journey(page):
    response = page.goto("/referrals/")
    assert "no-store" in response.headers["cache-control"]
    assert page.get_by_role("heading", name="Make a Prevent referral").is_visible()
    check_page(page)
    shot(page, "00-start")
    page.get_by_role("button", name="Start now").click()

    for number, (slug, answers) in enumerate(ANSWERS.items(), start=1):
        assert page.url.endswith(f"/referrals/{slug}/"), page.url
        assert page.locator(".govuk-back-link").is_visible()
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
    assert page.get_by_role("heading", name="Check your answers before sending your referral")
    check_page(page)
    shot(page, "10-check-answers")
    district = page.locator(".govuk-summary-list__row", has_text="District")
    assert district.locator("dd").first.inner_text() == "Rugby"
    assert page.locator(".govuk-summary-list__row", has_text="Postcode").get_by_text("CV21 2AA")

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
    shot(page, "11-confirmation")
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
    shot(page, "01-about-you-empty")
    # Nothing overflows the 320px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_an_idle_draft_shows_the_deleted_answers_page(page):
    page.goto("/referrals/about-you/")
    fill(page, ANSWERS["about-you"])
    press_continue(page)
    ReferralDraft.objects.update(updated_at=timezone.now() - timedelta(hours=2, minutes=1))
    page.reload()
    assert page.get_by_role("heading", name="Your answers have been deleted").is_visible()
    check_page(page)
    shot(page, "12-expired")
    assert not ReferralDraft.objects.exists()
    page.get_by_role("button", name="Start again").click()
    assert page.url.endswith("/referrals/about-you/")
    assert page.locator('[name="referrer_name"]').input_value() == ""
