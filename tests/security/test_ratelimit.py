"""Rate limits on public POSTs: counted per client address in the shared cache."""

import pytest
from django.test import override_settings

from core.ratelimit import client_ip, parse_rate

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


def post(client, **extra):
    return client.post("/test/limited/", {}, **extra)


def test_eleventh_post_in_a_minute_gets_the_429_page(client, clock, caplog):
    assert [post(client).status_code for _ in range(10)] == [200] * 10
    assert "Rate limit" not in caplog.text
    response = post(client)
    assert "Rate limit test-post reached (10/m)" in caplog.text
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sorry, there have been too many attempts" in html
    assert "call 999" in html and "govuk-template" in html
    assert 1 <= int(response["Retry-After"]) <= 60


def test_reading_is_never_limited(client, clock):
    for _ in range(10):
        post(client)
    assert post(client).status_code == 429
    assert client.get("/test/limited/").status_code == 200


def test_the_limit_lifts_in_the_next_window(client, clock):
    for _ in range(11):
        post(client)
    clock.shift(60)
    assert post(client).status_code == 200


def test_each_address_has_its_own_count(client, clock):
    for _ in range(11):
        post(client, REMOTE_ADDR="203.0.113.5")
    assert post(client, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert post(client, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_forwarded_for_is_ignored_unless_behind_our_proxy(client, clock):
    for number in range(11):
        # A client making up a new address each time changes nothing.
        response = post(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert response.status_code == 429


@override_settings(BEHIND_TRUSTED_PROXY=True)
def test_behind_our_proxy_the_last_forwarded_hop_is_the_client(client, clock):
    for number in range(11):
        # Whatever the client puts first, our proxy appends the real address last.
        response = post(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7")
    assert response.status_code == 429
    assert post(client, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_client_ip_rules(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "192.0.2.1"
    with override_settings(BEHIND_TRUSTED_PROXY=True):
        assert client_ip(request) == "198.51.100.1"
        request.META["HTTP_X_FORWARDED_FOR"] = "1.2.3.4, not-an-address"
        assert client_ip(request) == "192.0.2.1"  # a garbled last hop: fall back


@pytest.mark.parametrize(
    ("rate", "expected"), [("10/m", (10, 60)), ("5/15m", (5, 900)), ("100/d", (100, 86400))]
)
def test_rates(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["10", "ten/m", "0/m", "10/w", ""])
def test_bad_rates_fail_at_import_time(rate):
    from core.ratelimit import rate_limit

    with pytest.raises(ValueError, match="Rate must look like"):
        rate_limit(rate=rate)
