"""Every public page a search engine may show has a meta description (issue 16, part 8)."""

import re

import pytest

from tests.training.factories import make_session

pytestmark = pytest.mark.django_db
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def description(client, path, **data):
    response = client.get(path) if not data else client.post(path, data, follow=True)
    assert response.status_code == 200, path
    found = DESCRIPTION.findall(response.content.decode())
    assert len(found) == 1, f"{path}: {found}"
    return found[0]


def test_catalogue_and_search_have_a_description(client):
    assert "Free Prevent training" in description(client, "/training/")
    assert "Search the guidance" in description(client, "/search/?q=prevent")


def test_every_booking_page_describes_its_session(client):
    session = make_session()
    start = f"/training/sessions/{session.public_id}/book/"
    assert session.course.title in description(client, start)
    assert session.course.title in description(client, start, council_employee="no")
    assert session.course.title in description(client, start + "details/")
