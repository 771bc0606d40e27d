"""One plain test for each fault the bad-input sweep (test_bad_input_sweep.py) turned up.

Each posts the smallest input that gave a 500 (or, for the group request, a form no
browser could send) and checks the clear answer the site now gives instead.
"""

import re

import pytest

from core.roles import CONTENT_EDITOR, PREVENT_OFFICER, TRAINING_ADMIN
from referrals.models import Referral
from tests.referrals.factories import make_draft, raw_answers
from tests.training.factories import make_course, make_venue
from tests.training.journeys import group_request
from training.models import GroupSessionRequest, Session

from .html_forms import browser_pairs

pytestmark = pytest.mark.django_db


def test_the_group_request_form_sends_its_hidden_key_so_a_browser_can_send_it(client, clock):
    """The key that makes a resubmit safe was never rendered (crispy renders only what the
    layout lists), so every request sent from a browser came back "Enter submission key"."""
    make_course(slug="wrap", title="WRAP", offers_group_sessions=True)
    html = client.get("/training/group-sessions/").content.decode()
    shown = dict(browser_pairs(html))
    assert re.fullmatch(r"[0-9a-f-]{36}", shown.get("submission_key", ""))
    clock.shift(10)  # a person filling it in
    typed = group_request(course="wrap", submission_key=shown["submission_key"])
    response = client.post("/training/group-sessions/", {**shown, **typed})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GroupSessionRequest.objects.get().submission_key is not None


def test_page_add_with_a_posted_version_row_shows_the_error_not_a_500(staff_client):
    """A version history row posted to the add page (there is none to post) made the
    inline's "View this version" link reverse a URL with no ids."""
    client = staff_client(CONTENT_EDITOR)
    data = {
        "title": "A page",
        "status": "draft",
        "kind": "standard",
        "order": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    response = client.post("/admin/pages/page/add/", data)
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


@pytest.mark.parametrize("venue", [":", "x", "1.5", "\x00"])
def test_session_add_with_a_venue_that_is_not_an_id_shows_the_error_not_a_500(staff_client, venue):
    """The admin's autocomplete widget looked the posted venue up to show it again, and a
    value that is not an id made that lookup raise."""
    client = staff_client(TRAINING_ADMIN)
    course = make_course()
    make_venue()
    data = {
        "course": str(course.pk),
        "starts_at_0": "01/12/2026",
        "starts_at_1": "10:00",
        "ends_at_0": "01/12/2026",
        "ends_at_1": "12:00",
        "capacity": "20",
        "delivery": "in_person",
        "venue": venue,
        "bookings-TOTAL_FORMS": "0",
        "bookings-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    response = client.post("/admin/training/session/add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="errornote"' in html
    expected = "Null characters are not allowed" if venue == "\x00" else "Select a valid choice"
    assert expected in html
    assert Session.objects.count() == 0


def test_referral_submit_with_a_nul_in_its_token_goes_back_to_check_answers(client):
    """The posted token went straight into a query, and PostgreSQL refuses NUL bytes."""
    draft = make_draft()
    session = client.session
    session["referrals_draft_id"] = str(draft.pk)
    session.save()
    for token in ["\x00", draft.submit_token + "\x00", "x" * 65]:
        response = client.post("/referrals/check-answers/", {"submit_token": token})
        assert response.status_code == 302
        assert response.url == "/referrals/check-answers/"
    assert Referral.objects.count() == 0
    # The real token still sends it.
    client.post("/referrals/check-answers/", {"submit_token": draft.submit_token})
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("2147483648", "1", "2010"), ("1", "99999999999999999999", "2010"), ("1", "1", "9" * 30)],
)
def test_a_date_of_birth_too_big_for_a_date_is_not_a_real_date(client, day, month, year):
    """A day or month past the machine's integers overflowed instead of being out of range."""
    from core.testing import as_browser

    client.post("/referrals/about-you/", as_browser(raw_answers()["about-you"]))
    data = {
        **raw_answers()["person"],
        "date_of_birth_0": [day],
        "date_of_birth_1": [month],
        "date_of_birth_2": [year],
    }
    response = client.post("/referrals/person/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Date of birth must be a real date" in html or "Year must include 4 numbers" in html


def test_a_report_period_date_too_big_for_a_date_shows_the_error(staff_client):
    client = staff_client(PREVENT_OFFICER, superuser=True)
    query = "start_0=1&start_1=2147483648&start_2=2026&end_0=31&end_1=3&end_2=2027"
    response = client.get(f"/admin/reports/?{query}")
    assert response.status_code == 200
    assert "The start date must be a real date" in response.content.decode()
