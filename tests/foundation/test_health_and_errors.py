from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_json_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["cache"] == "ok"  # the page cache answers (core/page_cache.py)
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_database_fails(client):
    with mock.patch("core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_home_page_shows_999_notice_and_hashed_stylesheet(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "In an emergency, call 999." in html
    assert 'href="/static/css/main.' in html and ".css" in html
    assert "/static/css/main.css" not in html  # a hashed name, never the bare one
    assert "<title>Prevent in Warwickshire – Warwickshire County Council</title>" in html


def test_unknown_page_gets_designed_404(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"In an emergency, call 999." in response.content


def boom(request):
    raise RuntimeError("failure")


urlpatterns = [path("boom/", boom)]
handler500 = "core.views.server_error"


@override_settings(ROOT_URLCONF="tests.foundation.test_health_and_errors")
def test_server_error_page_renders_without_the_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    from core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_favicon_ico_points_at_the_hashed_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/images/favicon.")
    assert response["Location"].endswith(".svg")
