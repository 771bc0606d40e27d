import pytest
from django.conf import settings

from core.models import OutboundEmail
from core.testing import as_browser
from training.models import GroupSessionRequest

from .factories import make_course
from .journeys import group_request

pytestmark = pytest.mark.django_db


def request_data(**changes):
    # For the course these tests make, as a browser sends it.
    return as_browser(group_request(**{"course": "wrap", **changes}))


def test_group_request_is_saved_and_the_team_is_told_without_personal_data(client):
    course = make_course(slug="wrap", offers_group_sessions=True)
    page = client.get("/training/group-sessions/?course=wrap")
    assert page.status_code == 200
    assert page.context["form"].initial["course"] == "wrap"
    response = client.post("/training/group-sessions/", request_data())
    assert response.url == "/training/group-sessions/sent/"
    saved = GroupSessionRequest.objects.get()
    assert (saved.course, saved.number_of_people) == (course, 25)
    email = OutboundEmail.objects.get()
    assert email.to == [settings.TRAINING_TEAM_EMAIL]
    assert "Northfield School" in email.text_body and "25" in email.text_body
    for personal in ["Alex", "alex@example.com", "01632"]:
        assert personal not in email.text_body and personal not in email.html_body
    sent = client.get(response.url).content.decode()
    assert "Request sent" in sent
    assert '<meta name="robots" content="noindex">' in sent


def test_double_submitted_group_request_is_saved_once(client):
    make_course(slug="wrap", offers_group_sessions=True)
    data = request_data()
    client.post("/training/group-sessions/", data)
    client.post("/training/group-sessions/", data)
    assert GroupSessionRequest.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


def test_group_request_errors_and_not_sure_course(client):
    make_course(slug="wrap", offers_group_sessions=True)
    html = client.post("/training/group-sessions/", request_data(number_of_people="two")).content
    assert "How many people must be a whole number, like 12" in html.decode()
    html = client.post("/training/group-sessions/", request_data(number_of_people="2")).content
    assert "A group session needs at least 5 people" in html.decode()
    client.post("/training/group-sessions/", request_data(course="not-sure"))
    assert GroupSessionRequest.objects.get().course is None


def test_sent_page_needs_a_request(client):
    assert client.get("/training/group-sessions/sent/").url == "/training/group-sessions/"
