"""The weight of a first visit, and how long browsers may keep the static files.

A first visit downloads the page and everything it refers to: style sheets, scripts,
icons and images, and any font or image the style sheets load. Each is counted as it
travels: static files compressed as WhiteNoise serves them to a browser that accepts
gzip (and Brotli, if installed), and the HTML gzipped as the nginx in front of the site
sends it (deploy/nginx.conf.example: gzip on, level 6). Every public page of the demo
site must come to no more than 100 KB.

Static files need `make assets` (collected, hashed and compressed into staticfiles/), as
for every test run through `make test`.
"""

import gzip
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings

from pages.models import Page
from training.models import Course, Session

pytestmark = pytest.mark.django_db

FIRST_VISIT_BUDGET = 100 * 1024
ONE_YEAR = 365 * 24 * 60 * 60
HTML_GZIP_LEVEL = 6  # deploy/nginx.conf.example's gzip_comp_level
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")


class AssetFinder(HTMLParser):
    """The URLs a browser fetches for a page (not links the visitor might follow)."""

    FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "source", "iframe"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and self._fetched(attrs):
            self.urls.append(attrs["href"])

    def _fetched(self, attrs):
        return bool(set((attrs.get("rel") or "").lower().split()) & self.FETCHED_LINKS)


def assets_of(html):
    finder = AssetFinder()
    finder.feed(html)
    return [url for url in finder.urls if not url.startswith("data:")]


def fetch_compressed(client, url):
    """(bytes on the wire, response) for a same-site URL, asking for compression."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body), response


def first_visit(client, path):
    """{url: compressed bytes} of everything a first visit to `path` downloads."""
    page = client.get(path)
    assert page.status_code == 200, f"{path} answered {page.status_code}"
    html = page.content.decode()
    weights = {path: len(gzip.compress(page.content, HTML_GZIP_LEVEL))}
    queue = [urljoin(path, url) for url in assets_of(html)]
    while queue:
        url = queue.pop()
        if url in weights:
            continue
        assert not urlsplit(url).netloc, f"{path} loads {url} from another site"
        weights[url], response = fetch_compressed(client, url)
        if url.split("?")[0].endswith(".css"):
            text = _plain_text(response)
            queue += [
                urljoin(url, found)
                for found in CSS_URL.findall(text)
                if not found.startswith("data:")
            ]
    return weights


def _plain_text(response):
    """The response's text, whatever encoding it travelled in."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    encoding = response.get("Content-Encoding", "")
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    return body.decode()


@pytest.fixture
def demo_site():
    # The demo loader refuses with debug off (the live site): this is the local demo.
    with override_settings(DEBUG=True):
        call_command("load_demo_content", stdout=io.StringIO())


def public_paths():
    course = Course.objects.published().filter(booking_method=Course.BookingMethod.ONLINE).first()
    session = Session.objects.upcoming().filter(course=course).first()
    paths = [page.get_absolute_url() for page in Page.objects.published().order_by("path")]
    paths += [
        "/search/?q=prevent",
        "/training/",
        course.get_absolute_url(),
        f"/training/sessions/{session.public_id}/book/",
        "/training/group-sessions/",
        "/referrals/",
    ]
    return paths


def test_a_first_visit_to_any_public_page_is_at_most_100_kb(client, demo_site):
    heaviest = []
    for path in public_paths():
        client.cookies.clear()
        weights = first_visit(client, path)
        total = sum(weights.values())
        heaviest.append((total, path))
        assert total <= FIRST_VISIT_BUDGET, (
            f"A first visit to {path} downloads {total / 1024:.1f} KB compressed "
            f"(budget {FIRST_VISIT_BUDGET // 1024} KB): "
            + ", ".join(f"{url} {size / 1024:.1f} KB" for url, size in weights.items())
        )
    assert len(heaviest) >= 15, "the demo site should have more public pages than this"


def test_every_page_loads_the_same_few_compressed_static_files(client, demo_site):
    """The style sheet and scripts are compressed in transit and shared by all pages."""
    weights = first_visit(client, "/")
    static = [url for url in weights if url.startswith("/static/")]
    assert any(url.endswith(".css") for url in static)
    assert any(url.endswith(".js") for url in static)
    for url in static:
        _size, response = fetch_compressed(client, url)
        if url.endswith((".css", ".js", ".svg")):
            assert response.get("Content-Encoding") in {"gzip", "br"}, url


def test_hashed_static_files_may_be_kept_for_a_year_unchanged(client, demo_site):
    static = [url for url in first_visit(client, "/") if url.startswith("/static/")]
    assert static
    for url in static:
        assert HASHED_NAME.search(url), f"{url} has no content hash in its name"
        _size, response = fetch_compressed(client, url)
        directives = {
            part.strip().split("=")[0]: (part.strip().split("=") + [""])[1]
            for part in response["Cache-Control"].split(",")
        }
        assert "immutable" in directives, url
        assert "public" in directives, url
        assert int(directives["max-age"]) >= ONE_YEAR, url


def test_unhashed_copies_of_static_files_are_not_cached_for_long(client):
    response = client.get("/static/css/main.css")
    response.close()
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 3600


def test_the_static_manifest_is_not_public(client):
    """staticfiles.json lists every static file: it is kept outside the served folder."""
    from django.conf import settings

    assert (settings.STATIC_MANIFEST_ROOT / "staticfiles.json").exists()
    assert not (settings.STATIC_ROOT / "staticfiles.json").exists()
    for url in ["/static/staticfiles.json", "/static/staticfiles.json.gz"]:
        response = client.get(url)
        assert response.status_code == 404, url


def test_the_govuk_frontend_script_is_the_minified_build(client):
    from django.contrib.staticfiles.storage import staticfiles_storage

    response = client.get(staticfiles_storage.url("js/govuk-frontend.js"))
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    # The minified build: long lines, no comments, no source map the site does not ship.
    assert body.count("\n") < 5 and "/**" not in body and "sourceMappingURL" not in body
    assert "window.GOVUKFrontend={" in body and "initAll" in body
    assert "export{" not in body
