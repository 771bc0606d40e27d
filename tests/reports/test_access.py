"""Each section only for the roles that own its data; nothing at all for anyone else."""

import pytest
from django.test import Client

from core.roles import TRAINING_ADMIN

from . import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/admin/reports/"
SUMMARY = "/admin/reports/summary/"


def sections(response):
    html = response.content.decode()
    return {key for key in ("training", "referrals") if f'id="section-{key}"' in html}


@pytest.mark.parametrize("path", [PAGE, SUMMARY, "/admin/reports/training-by-course.csv"])
def test_anonymous_visitors_are_sent_to_sign_in(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_password_only_session_without_the_second_factor_is_sent_to_sign_in(staff):
    client = Client()
    client.force_login(staff(TRAINING_ADMIN))
    response = client.get(PAGE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_training_administrator_sees_training_only(trainer_client):
    response = trainer_client.get(PAGE)
    assert response.status_code == 200
    assert sections(response) == {"training"}
    assert "referrals-by-month.csv" not in response.content.decode()


def test_a_prevent_officer_sees_referrals_only(officer_client):
    response = officer_client.get(PAGE)
    assert response.status_code == 200
    assert sections(response) == {"referrals"}


def test_a_superuser_who_is_not_an_officer_does_not_see_referrals(superuser_client):
    response = superuser_client.get(PAGE)
    assert sections(response) == {"training"}
    assert "Referrals" not in response.content.decode()


def test_a_superuser_who_is_an_officer_sees_both(both_client):
    assert sections(both_client.get(PAGE)) == {"training", "referrals"}


@pytest.mark.parametrize("path", [PAGE, SUMMARY])
def test_a_content_editor_gets_the_403_page(editor_client, path):
    response = editor_client.get(path)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.parametrize(
    ("client_name", "path"),
    [
        ("trainer_client", "/admin/reports/referrals-by-month.csv"),
        ("superuser_client", "/admin/reports/referrals-by-district.csv"),
        ("officer_client", "/admin/reports/training-by-course.csv"),
        ("editor_client", "/admin/reports/training-by-course.csv"),
        ("editor_client", "/admin/reports/referrals-by-month.csv"),
        ("trainer_client", "/admin/reports/training-no-such-table.csv"),
        ("trainer_client", "/admin/reports/nothing.csv"),
    ],
)
def test_csv_of_a_section_you_do_not_own_does_not_exist(request, client_name, path):
    client = request.getfixturevalue(client_name)
    assert client.get(path).status_code == 404


def test_owners_can_download_their_csv(trainer_client, officer_client):
    f.referrals(6, f.on(2026, 2, 1))
    assert trainer_client.get("/admin/reports/training-by-course.csv").status_code == 200
    assert officer_client.get("/admin/reports/referrals-by-month.csv").status_code == 200


def test_the_reports_page_accepts_only_get(trainer_client):
    assert trainer_client.post(PAGE).status_code == 405


def test_the_admin_index_links_to_the_reports_for_roles_with_a_section(
    trainer_client, officer_client, editor_client
):
    link = 'href="/admin/reports/"'
    assert link in trainer_client.get("/admin/").content.decode()
    assert link in officer_client.get("/admin/").content.decode()
    assert link not in editor_client.get("/admin/").content.decode()
