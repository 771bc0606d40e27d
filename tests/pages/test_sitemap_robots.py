import pytest

from pages.models import Page
from training.models import Course

from .factories import make_page

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_pages_and_courses(client):
    make_page("Home", kind=Page.Kind.HOME, slug="")
    about = make_page("About", slug="about")
    make_page("Channel", slug="channel", parent=about)
    make_page("Draft", slug="draft", status=Page.Status.DRAFT)
    Course.objects.create(title="WRAP", slug="wrap", summary="s", description="d")
    Course.objects.create(title="Old", slug="old", summary="s", description="d", is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.text
    for path in ("/", "/about/", "/about/channel/", "/training/wrap/"):
        assert f"<loc>http://testserver{path}</loc>" in xml, path
    assert "/draft/" not in xml and "/training/old/" not in xml
    assert "<lastmod>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin_and_search(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
