"""Keeping pages current: the admin lists pages due for review, an unchanged publish
records a review, and the weekly job emails the content editors the overdue pages."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone

from core.roles import CONTENT_EDITOR, TRAINING_ADMIN
from pages import reviews
from pages.models import Page
from pages.tasks import remind_editors_of_pages_due_for_review

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """The values a browser would post back from the admin change form, unchanged."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea:  # Django writes a newline after <textarea>
                self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def change_form_values(client, page):
    response = client.get(f"/admin/pages/page/{page.pk}/change/")
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(response.text)
    return parser.data


def make_overdue(path, days=10):
    Page.objects.filter(path=path).update(
        next_review=timezone.localdate() - datetime.timedelta(days=days)
    )
    return Page.objects.get(path=path)


def test_the_admin_lists_pages_due_or_overdue_for_review(loaded, staff_client):
    make_overdue("cookies")
    client = staff_client(CONTENT_EDITOR)
    response = client.get("/admin/pages/page/?review=due")
    assert response.status_code == 200
    assert "Cookies" in response.text and "(overdue)" in response.text
    assert "Privacy notice" not in response.text


def test_publishing_a_reviewed_page_without_changes_records_the_review(loaded, staff_client):
    page = make_overdue("cookies")
    last_updated, body = page.last_updated, page.body
    client = staff_client(CONTENT_EDITOR)
    data = change_form_values(client, page)
    data["_publish"] = "Save and publish"
    response = client.post(f"/admin/pages/page/{page.pk}/change/", data, follow=True)
    assert "Review of “Cookies” recorded" in response.text
    page.refresh_from_db()
    today = timezone.localdate()
    assert page.last_reviewed == today
    assert page.next_review == today + datetime.timedelta(days=365)
    assert page.last_updated == last_updated and page.body == body
    # Not a change: the page still follows its content file at the next load.
    from .conftest import load_site_content

    assert "Skipped" not in load_site_content()


def test_publishing_with_a_change_is_not_a_review(loaded, staff_client):
    page = make_overdue("cookies")
    due = page.next_review
    client = staff_client(CONTENT_EDITOR)
    data = change_form_values(client, page)
    data["summary"] = "Only the cookies this website needs to work."
    data["_publish"] = "Save and publish"
    client.post(f"/admin/pages/page/{page.pk}/change/", data)
    page.refresh_from_db()
    assert page.summary == "Only the cookies this website needs to work."
    assert page.next_review == due


@pytest.mark.django_db(transaction=True)  # the task worker needs real transactions
def test_the_weekly_job_emails_content_editors_the_pages_due(loaded, staff, run_tasks):
    editor = staff(CONTENT_EDITOR, email="editor@example.com")
    staff(TRAINING_ADMIN, email="trainer@example.com")
    make_overdue("cookies", days=3)
    make_overdue("about-prevent/channel", days=0)

    remind_editors_of_pages_due_for_review.call()
    outbox = run_tasks()

    [email] = [m for m in outbox if "due for review" in m.subject]
    assert email.to == [editor.email]
    assert email.subject == "2 page(s) due for review"
    assert "Cookies (/cookies/)" in email.body and "3 days overdue" in email.body
    assert "The Channel process (/about-prevent/channel/)" in email.body
    assert "Privacy notice" not in email.body


def test_no_email_when_nothing_is_due(loaded, staff):
    staff(CONTENT_EDITOR)
    assert reviews.send_review_reminder() == 0
    assert not mail.outbox


def test_the_weekly_job_is_registered_every_week():
    from core.scheduling import PERIODIC_TASKS

    job = PERIODIC_TASKS[remind_editors_of_pages_due_for_review.module_path]
    assert job.every == datetime.timedelta(weeks=1)
