"""Rate limits and spam checks on the public forms (issue 6, item 7).

Booking details, the group request and the referral's first page carry the honeypot and the
minimum fill time; every public POST is rate limited per client address, by journey.
The clock is stopped (`clock`), so a stamp is "too fast" until the test moves it on.
"""

import os
import re
import subprocess
import sys

import pytest

from core.spam import form_started_stamp
from core.testing import as_browser
from referrals.models import ReferralDraft
from tests.referrals.factories import raw_answers
from tests.training.factories import book, make_course, make_session
from tests.training.journeys import (
    DETAILS,
    book_url,
    group_request,
    idempotency_key,
    start_booking,
)
from tests.training.test_cancel_link import cancel_link
from training.models import GroupSessionRequest
from training.views.booking import JOURNEY_KEY

pytestmark = pytest.mark.django_db


def shown_stamp(response):
    return re.search(r'name="form_started" value="([^"]+)"', response.content.decode()).group(1)


def to_details(client, session):
    assert start_booking(client, session).status_code == 302
    return client.get(book_url(session, "details/"))


def post_too_fast(client, path, page, answers, *, first_question):
    """Posts `answers` with the stamp `page` showed, before the minimum fill time: the form
    comes back with the error, its summary linking to the first question. Returns the data
    posted (to send again later) and the response."""
    data = {**answers, "website": "", "form_started": shown_stamp(page)}
    response = client.post(path, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "There is a problem" in html
    assert "This form was sent too quickly to be checked" in html
    assert f'<a href="#id_{first_question}">This form was sent too quickly' in html
    return data, response


def saved_details(client, session):
    """The details saved so far: in the encrypted draft the session names (by id only)."""
    from training.models import BookingDraft

    draft_id = client.session.get(JOURNEY_KEY, {}).get(str(session.public_id))
    draft = BookingDraft.objects.filter(pk=draft_id).first() if draft_id else None
    return draft.payload.get("details") if draft else None


# --- Booking details -------------------------------------------------------------------------


def test_booking_details_sent_too_fast_get_a_clear_error_and_keep_the_answers(client, clock):
    session = make_session()
    page = to_details(client, session)
    clock.shift(1)
    data, response = post_too_fast(
        client, book_url(session, "details/"), page, DETAILS, first_question="full_name"
    )
    # Nothing typed is lost.
    html = response.content.decode()
    assert 'value="Sam Example"' in html and 'value="sam@example.com"' in html
    assert saved_details(client, session) is None
    clock.shift(3)  # the person checks, then sends it again: the same stamp now passes
    again = client.post(
        book_url(session, "details/"), {**data, "form_started": shown_stamp(response)}
    )
    assert again.status_code == 302 and again.url.endswith("/colleagues/")


def test_booking_details_shown_again_filled_in_may_be_sent_back_at_once(client, clock):
    """Back (or Change) from check your answers, then Continue straight away: not spam."""
    session = make_session()
    to_details(client, session)
    first = client.post(book_url(session, "details/"), as_browser(DETAILS))
    assert first.status_code == 302
    again = client.get(book_url(session, "details/"))
    assert 'value="Sam Example"' in again.content.decode()
    changed = {**DETAILS, "job_role": "Head teacher", "form_started": shown_stamp(again)}
    response = client.post(book_url(session, "details/"), changed)  # no time has passed
    assert response.status_code == 302
    assert saved_details(client, session)["job_role"] == "Head teacher"


def test_booking_details_with_the_honeypot_filled_are_refused_even_when_shown_again(client, clock):
    session = make_session()
    to_details(client, session)
    client.post(book_url(session, "details/"), as_browser(DETAILS))
    data = {**as_browser(DETAILS), "job_role": "Robot", "website": "http://spam.example"}
    response = client.post(book_url(session, "details/"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "had something in it" in html
    assert "spam.example" not in html
    assert saved_details(client, session)["job_role"] == "Teacher"


def test_booking_details_without_the_stamp_are_refused_with_a_fresh_one(client, clock):
    session = make_session()
    to_details(client, session)
    response = client.post(book_url(session, "details/"), DETAILS)
    assert "This form could not be checked" in response.content.decode()
    assert shown_stamp(response) == form_started_stamp()
    assert saved_details(client, session) is None


def test_the_booking_details_page_carries_the_checks_out_of_sight_and_out_of_tab_order(client):
    session = make_session()
    html = to_details(client, session).content.decode()
    wrapper = re.search(r'<div id="div_id_website" class="([^"]+)"', html).group(1)
    assert "govuk-visually-hidden" in wrapper
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    # After every real question, before the button.
    assert html.index('name="needs"') < html.index('name="website"') < html.index("Continue")


def test_the_admin_phone_booking_form_has_no_spam_checks(client):
    from training.forms import PhoneBookingForm

    assert "website" not in PhoneBookingForm().fields
    assert "form_started" not in PhoneBookingForm().fields


# --- Group request ---------------------------------------------------------------------------


def test_group_request_sent_too_fast_saves_nothing_and_keeps_the_answers(client, clock):
    page = client.get("/training/group-sessions/")
    clock.shift(1)
    data, response = post_too_fast(
        client, "/training/group-sessions/", page, group_request(), first_question="organisation"
    )
    assert 'value="Northfield School"' in response.content.decode()
    assert GroupSessionRequest.objects.count() == 0
    clock.shift(5)
    assert client.post("/training/group-sessions/", data).status_code == 302
    assert GroupSessionRequest.objects.count() == 1


def test_group_request_with_the_honeypot_filled_saves_nothing(client, clock):
    data = {**as_browser(group_request()), "website": "cheap pills"}
    response = client.post("/training/group-sessions/", data)
    assert "had something in it" in response.content.decode()
    assert GroupSessionRequest.objects.count() == 0


# --- Referral: the first question page -------------------------------------------------------


def test_referral_first_page_sent_too_fast_starts_no_draft(client, clock):
    page = client.get("/referrals/about-you/")
    clock.shift(2)
    answers = raw_answers()["about-you"]
    data, response = post_too_fast(
        client, "/referrals/about-you/", page, answers, first_question="referrer_name"
    )
    assert 'value="Alex Referrer"' in response.content.decode()
    assert ReferralDraft.objects.count() == 0
    clock.shift(2)
    assert client.post("/referrals/about-you/", data).status_code == 302


def test_referral_spam_fields_are_never_stored_with_the_answers(client, clock):
    client.post("/referrals/about-you/", as_browser(raw_answers()["about-you"]))
    stored = ReferralDraft.objects.get().steps["about-you"]
    assert "website" not in stored and "form_started" not in stored
    assert stored["referrer_name"] == ["Alex Referrer"]


@pytest.mark.parametrize("query", ["", "?return=check"])
def test_referral_first_page_shown_again_may_be_sent_back_at_once(client, clock, query):
    client.post("/referrals/about-you/", as_browser(raw_answers()["about-you"]))
    again = client.get(f"/referrals/about-you/{query}")
    data = {**raw_answers()["about-you"], "job_title": ["Head of year"]}
    response = client.post(
        f"/referrals/about-you/{query}", {**data, "form_started": shown_stamp(again)}
    )
    assert response.status_code == 302
    assert ReferralDraft.objects.get().steps["about-you"]["job_title"] == ["Head of year"]


def test_only_the_first_referral_page_has_the_checks(client):
    client.post("/referrals/about-you/", as_browser(raw_answers()["about-you"]))
    assert 'name="website"' in client.get("/referrals/about-you/").content.decode()
    assert 'name="website"' not in client.get("/referrals/person/").content.decode()


# --- Rate limits -----------------------------------------------------------------------------


def limits_loaded_by(settings_module, **extra_env):
    code = f"from {settings_module} import RATE_LIMITS; print(RATE_LIMITS['training-booking'])"
    env = {**os.environ, **extra_env}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return out.strip()


def test_only_the_bench_settings_raise_the_limits():
    multiplier = {"BENCH_RATE_LIMIT_MULTIPLIER": "100", "RATE_LIMIT_MULTIPLIER": "100"}
    assert limits_loaded_by("bench.settings", **multiplier) == (
        "{'session': '1000/10m', 'address': '12000/10m', 'journey': '4000/10m'}"
    )
    # The live settings have no such knob, whatever the environment says.
    assert limits_loaded_by("prevent_site.settings", **multiplier) == (
        "{'session': '10/10m', 'address': '120/10m', 'journey': '40/10m'}"
    )


def complete_booking(client, session, email):
    """The whole journey as a browser walks it; returns the status of every post."""
    statuses = [start_booking(client, session).status_code]
    client.get(book_url(session, "details/"))
    details = as_browser({**DETAILS, "email": email})
    statuses.append(client.post(book_url(session, "details/"), details).status_code)
    key = idempotency_key(client, session)
    statuses.append(client.post(book_url(session, "check/"), {"idempotency_key": key}).status_code)
    return statuses


def test_ten_colleagues_behind_one_address_each_complete_a_booking_within_a_minute(clock):
    """A school's staff booking together: one address, ten browsers, all confirmed."""
    from django.test import Client

    from training.models import Booking

    session = make_session(capacity=20)
    colleagues = [Client(REMOTE_ADDR="203.0.113.50") for _ in range(10)]
    for number, colleague in enumerate(colleagues):
        assert complete_booking(colleague, session, f"teacher{number}@example.com") == [302] * 3
        clock.shift(5)  # all ten within a minute
    assert Booking.objects.filter(session=session, status="confirmed").count() == 10


def test_a_robot_posting_a_hundred_times_from_one_session_is_refused(client, clock):
    session = make_session(capacity=200)
    assert start_booking(client, session).status_code == 302
    statuses = [
        client.post(book_url(session, step), as_browser(DETAILS)).status_code
        for step in ["details/", "check/", ""] * 34
    ][:100]
    assert 429 in statuses
    refused_at = statuses.index(429)
    assert refused_at == 40  # the journey limit of one session: 40 posts in 10 minutes
    assert set(statuses[refused_at:]) == {429}
    assert client.get(book_url(session, "details/")).status_code == 200  # reading is fine


def test_a_robot_keeping_no_cookies_is_refused_at_the_address_ceiling(client, clock):
    session = make_session()
    statuses = [
        client.post(book_url(session), {"council_employee": "maybe"}).status_code
        for _ in range(121)
    ]
    assert statuses == [200] * 120 + [429]
    response = start_booking(client, session)
    assert response.status_code == 429
    assert "Sorry, there have been too many attempts" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 1200


def test_a_journey_under_way_is_never_stopped_by_a_busy_address(clock):
    """A colleague past the first page finishes, even when a robot behind the same
    address has used up the address's ceiling."""
    from django.test import Client

    session = make_session(capacity=20)
    colleague = Client(REMOTE_ADDR="203.0.113.60")
    assert start_booking(colleague, session).status_code == 302
    robot = Client(REMOTE_ADDR="203.0.113.60")
    for _ in range(130):
        robot.post(book_url(session), {"council_employee": "maybe"})
    assert start_booking(robot, session).status_code == 429
    newcomer = Client(REMOTE_ADDR="203.0.113.60")
    assert start_booking(newcomer, session).status_code == 429
    assert complete_booking(colleague, session, "sam@example.com") == [302] * 3


def test_each_address_has_its_own_count(client, clock):
    session = make_session()
    for _ in range(121):
        client.post(book_url(session), {"council_employee": "maybe"}, REMOTE_ADDR="203.0.113.5")
    other = client.post(book_url(session), {"council_employee": "no"}, REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 302


def test_group_requests_are_limited(client, clock):
    make_course(slug="wrap", offers_group_sessions=True)
    for _ in range(30):
        assert client.post("/training/group-sessions/", {}).status_code == 200
    response = client.post("/training/group-sessions/", as_browser(group_request()))
    assert response.status_code == 429
    assert GroupSessionRequest.objects.count() == 0


def test_cancel_confirmations_are_limited(client, clock):
    booking = book(make_session())
    for number in range(60):
        assert client.post(f"/training/bookings/cancel/wrong-{number}/", {}).status_code == 404
    response = client.post(cancel_link("delegate1@example.com"), {})
    assert response.status_code == 429
    booking.refresh_from_db()
    assert booking.is_active


def test_referral_first_page_posts_are_limited_per_address(client, clock):
    for _ in range(60):
        assert client.post("/referrals/about-you/", {}).status_code == 200
    response = client.post("/referrals/about-you/", as_browser(raw_answers()["about-you"]))
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
    assert ReferralDraft.objects.count() == 0
    assert client.get("/referrals/about-you/").status_code == 200


def test_a_referrer_past_the_first_page_keeps_going_when_the_address_is_busy(clock):
    from django.test import Client

    referrer = Client(REMOTE_ADDR="203.0.113.70")
    answers = as_browser(raw_answers()["about-you"])
    assert referrer.post("/referrals/about-you/", answers).status_code == 302
    robot = Client(REMOTE_ADDR="203.0.113.70")
    for _ in range(61):
        robot.post("/referrals/about-you/", {})
    assert robot.post("/referrals/about-you/", answers).status_code == 429
    assert referrer.post("/referrals/person/", raw_answers()["person"]).status_code == 302


def test_a_form_with_mistakes_hears_only_about_the_mistakes(client, clock):
    """Sent at once with answers missing: the time check waits until the answers are right,
    and the second try is timed from when the page was first shown."""
    page = client.get("/referrals/about-you/")
    stamp = shown_stamp(page)
    data = {**raw_answers()["about-you"], "email": ["not an email"], "form_started": stamp}
    html = client.post("/referrals/about-you/", data).content.decode()
    assert "Enter an email address in the correct format" in html
    assert "sent too quickly" not in html
    assert shown_stamp_in(html) == stamp
    clock.shift(3)  # putting the email right takes a moment
    fixed = {**data, "email": ["referrer@example.com"]}
    assert client.post("/referrals/about-you/", fixed).status_code == 302


def shown_stamp_in(html):
    return re.search(r'name="form_started" value="([^"]+)"', html).group(1)
