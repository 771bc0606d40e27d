"""Spam checks in Chromium: a keyboard user never meets the honeypot, and a form sent back
too fast gets a clear, accessible error with every answer kept, then goes through.
"""

import re
import time

import pytest

from referrals.models import ReferralDraft
from tests.browser.conftest import check_page
from tests.training.factories import make_course
from training.models import GroupSessionRequest

pytestmark = pytest.mark.django_db(transaction=True)


def focus_order(page, presses=40):
    """The name (or id) of each control the Tab key reaches, in order."""
    page.locator("body").focus()
    reached = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.name || document.activeElement.id || ''")
        reached.append(name)
        if name == "submit":
            break
    return reached


def test_keyboard_users_never_reach_the_honeypot(page):
    make_course(slug="wrap", offers_group_sessions=True)
    for path in ["/training/group-sessions/", "/referrals/about-you/"]:
        page.goto(path)
        reached = focus_order(page)
        assert "submit" in reached, (path, reached)
        assert "website" not in reached and "form_started" not in reached, (path, reached)
        # Off-screen: GOV.UK's visually hidden wrapper is 1 px, clipped.
        box = page.locator("#div_id_website").bounding_box()
        assert box["width"] <= 1 and box["height"] <= 1, (path, box)
        check_page(page)


def test_a_form_sent_too_fast_keeps_the_answers_and_goes_through_next_time(page, settings):
    # Long enough that even a loaded machine fills the form "too fast".
    settings.SPAM_MIN_FILL_SECONDS = 60
    make_course(
        slug="wrap", title="Workshop to Raise Awareness of Prevent", offers_group_sessions=True
    )
    page.goto("/training/group-sessions/")
    page.get_by_label("Organisation").fill("Northfield School")
    page.get_by_label("Contact name").fill("Alex Head")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Telephone number").fill("01632 960001")
    page.get_by_label("Workshop to Raise Awareness of Prevent").check()
    page.get_by_label("How many people would attend?").fill("12")
    page.get_by_label("Preferred dates and times").fill("Any Tuesday")
    page.get_by_label("Where would the session be?").fill("Our hall")
    with page.expect_navigation():
        page.get_by_role("button", name="Send request").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "This form was sent too quickly to be checked" in summary.inner_text()
    if page.javascript_enabled:  # GOV.UK Frontend moves focus to the summary
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.get_by_label("Organisation").input_value() == "Northfield School"
    assert page.get_by_label("Workshop to Raise Awareness of Prevent").is_checked()
    assert GroupSessionRequest.objects.count() == 0
    check_page(page)
    # The summary's link takes the person to the first question.
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_organisation"
    # A person who then takes their time gets through (the wait counts from the error page).
    settings.SPAM_MIN_FILL_SECONDS = 1
    time.sleep(1.5)
    with page.expect_navigation():
        page.get_by_role("button", name="Send request").click()
    assert re.search(r"/training/group-sessions/sent/$", page.url), page.content()[:6000]
    assert GroupSessionRequest.objects.count() == 1


def test_a_keyboard_user_going_back_to_the_first_referral_page_is_never_held_up(page, settings):
    """The first page answered, Back, then Continue at once: no fill time the second time."""
    settings.SPAM_MIN_FILL_SECONDS = 60  # a first visit could never pass; a revisit must
    page.goto("/referrals/about-you/")
    answers = {
        "Full name": "Alex Referrer",
        "Job title": "Safeguarding lead",
        "Organisation": "Example School",
        "Email address": "referrer@example.com",
        "Telephone number": "01926 410410",
        "Your relationship to the person": "Form tutor",
    }
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("School, college or university").check()
    page.get_by_label("Your relationship to the person").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sent too quickly" in page.locator(".govuk-error-summary").inner_text()
    # Pretend the person took the time a first visit needs: a draft exists from here on.
    settings.SPAM_MIN_FILL_SECONDS = 0
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/referrals/person/")
    settings.SPAM_MIN_FILL_SECONDS = 60
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    assert page.get_by_label("Full name").input_value() == "Alex Referrer"
    page.get_by_label("Job title").focus()
    page.keyboard.press("Enter")  # straight back, by keyboard
    page.wait_for_url(re.compile(r"/referrals/person/$"))
    assert ReferralDraft.objects.count() == 1
    check_page(page)
