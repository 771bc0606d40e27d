"""New-date alerts: double opt-in, one email per new session, one-click unsubscribe."""

import email.policy as email_policy
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.emails import deliver_email
from core.models import OutboundEmail
from core.testing import as_browser
from training import services
from training.models import DateAlert

from .factories import book, make_course, make_session
from .journeys import book_url

pytestmark = pytest.mark.django_db


def link(email, pattern):
    return urlsplit(re.search(rf"https?://\S+{pattern}\S+/", email.text_body).group()).path


def sign_up(client, course, address="Parent@Example.com"):
    return client.post(f"/training/alerts/{course.slug}/", as_browser({"email": address}))


def test_nothing_but_a_confirmation_is_sent_until_the_link_is_followed(client):
    course = make_course()
    response = sign_up(client, course)
    assert response.url == f"/training/alerts/{course.slug}/sent/"
    alert = DateAlert.objects.get()
    assert (alert.email, alert.confirmed_at) == ("parent@example.com", None)
    (confirm,) = OutboundEmail.objects.all()
    assert confirm.subject.startswith("Confirm") and confirm.text_body.strip()

    make_session(course=course)
    assert services.send_new_date_alerts() == 0  # unconfirmed: nothing

    html = client.get(link(confirm, "/training/alerts/confirm/")).content.decode()
    assert "You will get an email when new dates are added" in html
    assert DateAlert.objects.get().confirmed_at is not None


def test_each_new_session_is_announced_once_with_unsubscribe_headers(client):
    course = make_course()
    sign_up(client, course)
    client.get(link(OutboundEmail.objects.get(), "/training/alerts/confirm/"))
    session = make_session(course=course)
    assert services.send_new_date_alerts() == 1
    assert services.send_new_date_alerts() == 0
    (email,) = OutboundEmail.objects.filter(subject__startswith="New date")
    assert email.to == ["parent@example.com"] and email.text_body.strip()
    unsubscribe = link(email, "/training/alerts/unsubscribe/")
    assert email.headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{unsubscribe}>"
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(session.public_id) in email.text_body
    # The headers reach the message the mail server gets.
    deliver_email.call(email_id=email.pk)
    sent = mail.outbox[-1].message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/training/alerts/unsubscribe/" in sent["List-Unsubscribe"]
    # On the wire as written, not RFC 2047-encoded (receivers would not recognise it).
    wire = mail.outbox[-1].message(policy=email_policy.SMTP).as_bytes().decode()
    assert f"List-Unsubscribe: <{settings.SITE_URL}{unsubscribe}>" in wire, wire[:1500]


def test_one_click_unsubscribe_deletes_the_address_and_a_get_does_not(client):
    course = make_course()
    sign_up(client, course)
    client.get(link(OutboundEmail.objects.get(), "/training/alerts/confirm/"))
    make_session(course=course)
    services.send_new_date_alerts()
    unsubscribe = link(OutboundEmail.objects.get(subject__startswith="New date"), "/unsubscribe/")
    # Link scanners fetch links: a GET only shows the button.
    assert "Stop emails about new dates" in client.get(unsubscribe).content.decode()
    assert DateAlert.objects.exists()
    # RFC 8058: the mail program POSTs with no cookie or CSRF token of ours.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not DateAlert.objects.exists()
    make_session(course=course)
    assert services.send_new_date_alerts() == 0


def test_a_forged_or_expired_link_does_nothing(client, time_machine):
    course = make_course()
    sign_up(client, course)
    confirm = link(OutboundEmail.objects.get(), "/training/alerts/confirm/")
    assert client.post("/training/alerts/unsubscribe/forged/").status_code == 404
    assert client.get(confirm[:-3] + "xx/").status_code == 404
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert client.get(confirm).status_code == 404
    assert DateAlert.objects.get().confirmed_at is None
    # Never confirmed within 7 days: the address is deleted.
    assert services.expire_unconfirmed_alerts() == 1
    assert not DateAlert.objects.exists()


def test_signing_up_twice_keeps_one_address_and_says_the_same(client):
    course = make_course()
    sign_up(client, course)
    client.get(link(OutboundEmail.objects.get(), "/training/alerts/confirm/"))
    response = sign_up(client, course, "PARENT@example.com")
    assert response.url.endswith("/sent/")
    assert DateAlert.objects.count() == 1
    assert OutboundEmail.objects.count() == 1  # already confirmed: no new email


def test_a_bad_address_is_a_govuk_error(client):
    course = make_course()
    html = client.post(
        f"/training/alerts/{course.slug}/", as_browser({"email": "not an email"})
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter an email address in the correct format" in html
    assert not DateAlert.objects.exists()


def test_the_course_page_and_a_full_session_offer_the_alert(client):
    course = make_course()
    html = client.get(course.get_absolute_url()).content.decode()
    assert f'href="/training/alerts/{course.slug}/"' in html
    session = make_session(course=course, capacity=1)
    book(session)  # the one place taken: the session is full
    html = client.get(book_url(session)).content.decode()
    assert "Get an email when new dates are added" in html
