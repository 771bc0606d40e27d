import pytest

from tests.startup import manage_check


def test_debug_off_without_secret_key_refuses_to_start():
    result = manage_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="prevent.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_with_wildcard_hosts_refuses_to_start():
    result = manage_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def test_mail_is_configured_through_mailers():
    from prevent_site.settings import mailer_from_url

    smtp = mailer_from_url("smtp://user:p%40ss@mail.example:587?tls=1")
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"]["password"] == "p@ss"
    assert smtp["OPTIONS"]["use_tls"] is True
    assert smtp["OPTIONS"]["port"] == 587


LIVE = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "prevent.example,www.prevent.example",
    "EMAIL_URL": "console://",
    "REFERRAL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "MESSAGE_ENCRYPTION_KEYS": "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
}


def test_live_settings_without_site_url_refuse_to_start():
    # Otherwise every email link and calendar UID would point at http://127.0.0.1:8000.
    result = manage_check(**LIVE)
    assert result.returncode != 0
    assert "SITE_URL must be set to the site's https address" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "http://prevent.example",  # plain http
        "https://elsewhere.example",  # not one of the allowed hosts
        "https://127.0.0.1:8000",
        "https://prevent.example/prevent",  # a path the URLs do not have
        "prevent.example",
    ],
)
def test_live_settings_refuse_a_site_url_that_is_not_an_allowed_https_address(site_url):
    result = manage_check(**LIVE, SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL must be set to the site's https address" in result.stderr


@pytest.mark.parametrize("site_url", ["https://prevent.example", "https://www.prevent.example/"])
def test_live_settings_start_with_an_allowed_https_site_url(site_url):
    result = manage_check(**LIVE, SITE_URL=site_url)
    assert "SITE_URL" not in result.stderr
    assert result.returncode == 0, result.stderr
