"""load_site_content: creates what is missing, never overwrites an editor's change, loads
nothing fictional, and "Last updated" is when the content really changed."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from pages.content_files import ContentError
from pages.models import Contact, Document, Page, PageVersion
from pages.models import Testimonial as PageTestimonial
from pages.services import save_page
from referrals.models import Referral
from tests.page_text import text_of
from training.models import Booking, Course, Session, Venue

from .conftest import load_site_content

pytestmark = pytest.mark.django_db


def test_loads_the_real_content_and_nothing_fictional(loaded):
    assert Page.objects.published().count() >= 18
    assert Page.objects.filter(kind=Page.Kind.HOME).count() == 1
    assert Course.objects.count() >= 9 and Venue.objects.count() >= 8
    assert Contact.objects.filter(phone="0800 011 3764").exists()
    assert PageTestimonial.objects.filter(course__slug="prevent-update-training").exists()
    # Nothing made up: no sessions, bookings, referrals, staff or stand-in documents.
    assert not Session.objects.exists()
    assert not Booking.objects.exists()
    assert not Referral.objects.exists()
    assert not get_user_model().objects.exists()
    assert not Document.objects.exists()
    assert "not loaded: put its file at content/documents/" in loaded


def test_a_second_load_changes_and_duplicates_nothing(loaded):
    stamps = dict(Page.objects.values_list("pk", "updated_at"))
    versions = PageVersion.objects.count()
    output = load_site_content()
    assert "0 created, 0 updated" in output and "0 skipped" in output
    assert dict(Page.objects.values_list("pk", "updated_at")) == stamps
    assert PageVersion.objects.count() == versions


def test_an_editors_change_survives_the_next_load_and_is_reported(loaded, staff):
    editor = staff("Content editor")
    page = Page.objects.get(path="get-help")
    page.body += "\n\nThe council's Prevent line is closed on 24 December."
    save_page(page=page, user=editor)
    contact = Contact.objects.get(role="Council Prevent officer")
    contact.hours = "Monday to Thursday, 9am to 5pm"
    contact.save()

    output = load_site_content()

    page.refresh_from_db()
    contact.refresh_from_db()
    assert "closed on 24 December" in page.body
    assert contact.hours == "Monday to Thursday, 9am to 5pm"
    assert "Skipped content/pages/get-help.md (/get-help/): changed in the admin" in output
    assert "Skipped contact 'Council Prevent officer': changed in the admin" in output
    assert page.updated_by == editor


def test_a_changed_file_updates_a_page_no_editor_has_touched(loaded, content_copy):
    file = content_copy / "pages" / "cookies.md"
    text = file.read_text().replace("last_reviewed: 2026-12-02", "last_reviewed: 2027-01-04")
    text = text.replace("next_review: 2027-12-02", "next_review: 2028-01-04")
    file.write_text(text.replace("small files saved", "small text files saved"))

    output = load_site_content()

    page = Page.objects.get(path="cookies")
    assert "small text files saved" in page.body
    assert page.last_updated.date() == datetime.date(2027, 1, 4)
    assert page.next_review == datetime.date(2028, 1, 4)
    assert "1 updated" in output


def test_last_updated_is_the_files_review_date_never_the_load_time(loaded, client):
    page = Page.objects.get(path="about-prevent/action-plan")
    assert timezone.localtime(page.last_updated).date() == datetime.date(2026, 12, 2)
    assert "2 December 2026" in text_of(client, "/about-prevent/action-plan/")


def test_an_editors_save_moves_last_updated_to_the_save(loaded, staff):
    page = Page.objects.get(path="cookies")
    page.summary = "Only the cookies this website needs."
    before = timezone.now()
    save_page(page=page, user=staff("Content editor"))
    assert page.last_updated >= before


def test_a_broken_content_file_stops_the_load_with_nothing_half_loaded(content_copy, db):
    (content_copy / "pages" / "cookies.md").write_text("---\ntitle: Cookies\n---\nNo more.\n")
    with pytest.raises(ContentError, match="front matter is missing"):
        call_command("load_site_content")
    assert not Page.objects.exists() and not Course.objects.exists()


def test_a_course_an_editor_changed_is_kept(loaded):
    course = Course.objects.get(slug="train-the-trainer")
    course.duration = "3 hours"
    course.save()
    output = load_site_content()
    course.refresh_from_db()
    assert course.duration == "3 hours"
    assert "Skipped course 'train-the-trainer'" in output


def test_the_demo_loader_refuses_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG=1"):
        call_command("load_demo_content")
    assert not Session.objects.exists() and not get_user_model().objects.exists()
