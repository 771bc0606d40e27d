"""Whatever a visitor types into the address or the search box, the answer is never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import make_page

pytestmark = pytest.mark.django_db

RELAXED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def site(db):
    make_page("Channel", slug="channel", body="The Channel panel meets monthly.")


@RELAXED
@given(query=st.text(max_size=300), page=st.text(max_size=20))
def test_any_search_query_gets_a_page(client, site, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code == 200


@RELAXED
@given(path=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80))
def test_any_address_gets_a_page_a_redirect_or_not_found(client, site, path):
    from urllib.parse import quote

    response = client.get("/" + quote(path, safe="/") + "/")
    assert response.status_code in (200, 301, 302, 404)
