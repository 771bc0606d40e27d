"""Spam protection without a CAPTCHA: a honeypot and a minimum fill time."""

import re

import pytest

from core.spam import form_started_stamp

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


def shown_stamp(html):
    return re.search(r'name="form_started" value="([^"]+)"', html).group(1)


def test_honeypot_is_off_screen_out_of_tab_order_and_not_aria_hidden(client):
    html = client.get("/test/contact/").content.decode()
    wrapper = re.search(r'<div id="div_id_website" class="([^"]+)"', html)
    assert "govuk-visually-hidden" in wrapper.group(1)
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", html).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert "aria-hidden" not in html
    assert "Leave this box empty" in html  # what a screen reader user hears
    assert 'type="hidden" name="form_started"' in html


def test_a_person_taking_a_few_seconds_gets_through(client, clock):
    stamp = shown_stamp(client.get("/test/contact/").content.decode())
    clock.shift(5)
    response = client.post("/test/contact/", {"name": "Sam", "website": "", "form_started": stamp})
    assert response.status_code == 302
    # Services given cleaned_data never see the two spam fields.
    assert client.session["sent_keys"] == ["name"]


def test_a_form_sent_back_too_fast_gets_a_clear_error_then_works(client, clock):
    stamp = shown_stamp(client.get("/test/contact/").content.decode())
    clock.shift(1)
    response = client.post("/test/contact/", {"name": "Sam", "form_started": stamp})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "sent too quickly" in html
    assert 'value="Sam"' in html  # nothing typed is lost
    clock.shift(3)
    again = client.post("/test/contact/", {"name": "Sam", "form_started": shown_stamp(html)})
    assert again.status_code == 302


def test_a_filled_honeypot_gets_a_clear_error_and_is_emptied(client, clock):
    stamp = shown_stamp(client.get("/test/contact/").content.decode())
    clock.shift(10)
    response = client.post(
        "/test/contact/", {"name": "Sam", "website": "http://spam.example", "form_started": stamp}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leave this box empty" in html and "had something in it" in html
    assert "spam.example" not in html
    again = client.post("/test/contact/", {"name": "Sam", "website": "", "form_started": stamp})
    assert again.status_code == 302


@pytest.mark.parametrize("stamp", ["", "12345", "1700000000:forged-signature"])
def test_a_missing_or_forged_stamp_is_refused_and_replaced(client, clock, stamp):
    response = client.post("/test/contact/", {"name": "Sam", "form_started": stamp})
    html = response.content.decode()
    assert "could not be checked" in html
    fresh = shown_stamp(html)
    assert fresh != stamp and fresh == form_started_stamp()
    clock.shift(4)
    assert client.post("/test/contact/", {"name": "Sam", "form_started": fresh}).status_code == 302


def test_the_spam_fields_come_after_the_real_questions(client):
    html = client.get("/test/contact/").content.decode()
    assert html.index('name="name"') < html.index('name="website"')
    assert html.index('name="website"') < html.index('name="form_started"')


def test_refusals_are_logged_without_what_was_typed(client, clock, caplog):
    stamp = shown_stamp(client.get("/test/contact/").content.decode())
    clock.shift(10)
    client.post("/test/contact/", {"name": "Sam Secret", "website": "x", "form_started": stamp})
    assert "Spam check refused ContactForm: honeypot" in caplog.text
    assert "Sam Secret" not in caplog.text
