"""Security headers on every response, the admin and static files included."""

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

# Public URLs of DESIGN.md (some may still be 404 while apps land: headers count on those too).
PUBLIC_URLS = [
    "/",
    "/about-prevent/",
    "/get-help/",
    "/training/",
    "/training/calendar.ics",
    "/referrals/",
    "/search/?q=prevent",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/a-page-that-does-not-exist/",
    "/admin/login/",
    "/admin/",
]
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'")


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_csp_is_strict(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert all(v == "'self'" or v.startswith("'nonce-") for v in directives["script-src"])
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    for values in directives.values():
        for value in values:
            assert value not in UNSAFE
            assert value not in {"*", "http:", "https:"}


def assert_security_headers(response, *, https=False):
    assert_csp_is_strict(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    if https:
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_url_has_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code < 500
    assert_security_headers(response)


def test_signed_in_admin_pages_have_the_security_headers(staff_client):
    client = staff_client(None, superuser=True)
    for url in ("/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/axes/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_static_files_have_the_security_headers(client):
    url = staticfiles_storage.url("css/main.css")
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)
    response.close()


def test_no_nonce_is_sent_when_no_template_used_one(client):
    # A nonce is only worth anything if it is unpredictable and used: none unless needed.
    assert "nonce-" not in client.get("/admin/login/")["Content-Security-Policy"]


# --- The live site (HTTPS), with the production settings applied -------------------------------
@override_settings(**settings.HTTPS_SETTINGS)
@pytest.mark.parametrize("url", ["/", "/training/", "/referrals/", "/admin/login/", "/healthz"])
def test_over_https_every_response_has_hsts_for_a_year_with_subdomains(url):
    response = Client().get(url, secure=True)
    assert_security_headers(response, https=True)


@override_settings(**settings.HTTPS_SETTINGS)
def test_plain_http_is_redirected_to_https_on_the_live_site():
    response = Client().get("/", secure=False)
    assert response.status_code == 301 and response["Location"].startswith("https://")


@override_settings(**settings.HTTPS_SETTINGS)
def test_live_cookies_are_host_prefixed_secure_httponly_and_samesite(staff, clock):
    from .conftest import code_for

    browser = Client()
    user = staff(superuser=True, device=True)
    page = browser.get("/admin/login/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    browser.post(
        "/admin/login/",
        {"username": user.username, "password": "correct horse battery staple 42"},
        secure=True,
    )
    response = browser.post("/admin/login/code/", {"code": code_for(user)}, secure=True)
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""  # host-only, as the __Host- prefix requires
    assert "sessionid" not in response.cookies and "csrftoken" not in page.cookies


def test_public_pages_do_not_vary_on_cookie_because_of_staff_sessions(client):
    # The staff-session check must not touch the session of visitors who have none.
    assert "Cookie" not in client.get("/healthz").get("Vary", "")


def test_a_visitors_journey_cookie_ends_with_the_browser_session(client):
    """No Expires or Max-Age: the next person on a shared computer starts afresh."""
    from tests.training.factories import make_session
    from tests.training.journeys import start_booking

    response = start_booking(client, make_session())
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and cookie["expires"] == "" and cookie["max-age"] == ""


def test_staff_session_cookies_keep_their_idle_limit(client, staff, clock):
    from core.security_middleware import GRACE_SECONDS

    from .conftest import sign_in_fully

    response = sign_in_fully(client, staff(superuser=True, device=True))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.STAFF_SESSION_IDLE_SECONDS + GRACE_SECONDS
