"""The site-wide alert banner: switched on by editors, gone by itself at its end date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from pages.models import SiteAlert

from .factories import make_page

pytestmark = pytest.mark.django_db


def alert(**fields):
    now = timezone.now()
    values = {
        "title": "Service change",
        "message": "The Prevent team phone line is closed on Friday.",
        "starts_at": now - datetime.timedelta(hours=1),
        "ends_at": now + datetime.timedelta(days=1),
    }
    values.update(fields)
    return SiteAlert.objects.create(**values)


def test_an_active_alert_is_shown_on_every_page(client):
    make_page("About", slug="about")
    alert(link_url="/get-help/", link_text="Other ways to get help")
    for url in ("/", "/about/", "/search/?q=x"):
        html = client.get(url).text
        assert "The Prevent team phone line is closed on Friday." in html, url
        assert 'class="govuk-notification-banner app-site-alert"' in html
        assert 'href="/get-help/">Other ways to get help</a>' in html


def test_an_ended_alert_disappears_by_itself(client):
    alert(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "phone line is closed" not in client.get("/").text


def test_an_alert_switched_off_is_not_shown(client):
    alert(is_active=False)
    assert "phone line is closed" not in client.get("/").text


def test_a_future_alert_waits_for_its_start(client):
    alert(starts_at=timezone.now() + datetime.timedelta(hours=2))
    assert "phone line is closed" not in client.get("/").text


def test_switching_an_alert_off_shows_at_once_despite_the_cache(client):
    banner = alert()
    assert "phone line is closed" in client.get("/").text
    banner.is_active = False
    banner.save()
    assert "phone line is closed" not in client.get("/").text


def test_a_page_showing_the_alert_is_cached_and_spends_no_query_on_it(
    client, django_assert_num_queries
):
    alert()
    client.get("/")  # rendered and stored by the page cache
    with django_assert_num_queries(0):
        assert "The Prevent team phone line" in client.get("/").text


def test_the_500_page_never_touches_the_alert(django_assert_num_queries):
    alert()
    with django_assert_num_queries(0):
        html = render_to_string(
            "errors/500.html", {"is_error_page": True, "site_name": "x", "council_name": "y"}
        )
    assert "phone line is closed" not in html


def test_an_alert_needs_an_end_after_its_start_and_a_safe_link():
    now = timezone.now()
    banner = SiteAlert(
        message="x",
        starts_at=now,
        ends_at=now - datetime.timedelta(hours=1),
        link_url="javascript:alert(1)",
        link_text="Click",
    )
    with pytest.raises(ValidationError) as error:
        banner.full_clean()
    assert set(error.value.message_dict) >= {"ends_at", "link_url"}
