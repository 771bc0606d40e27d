"""Rate limits on public POSTs: sliding windows, per session and per address (IPv6 by /64)."""

import ipaddress

import pytest
from django.conf import settings
from django.test import override_settings

from core.ratelimit import client_ip, client_network, parse_rate, parse_rates

from .conftest import sign_in_with_password

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]


def post(client, **extra):
    return client.post("/test/limited/", {}, **extra)


def at_second(clock, second):
    """Move the stopped clock to `second` seconds into the current minute (forward only)."""
    import time

    now = time.time()
    clock.shift((second - now % 60) % 60 or 60)


def test_eleventh_post_in_a_minute_gets_the_429_page(client, clock, caplog):
    assert [post(client).status_code for _ in range(10)] == [200] * 10
    assert "Rate limit" not in caplog.text
    response = post(client)
    assert "Rate limit test-post reached (address)" in caplog.text
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sorry, there have been too many attempts" in html
    assert "call 999" in html and "govuk-template" in html
    assert 1 <= int(response["Retry-After"]) <= 120


def test_reading_is_never_limited(client, clock):
    for _ in range(10):
        post(client)
    assert post(client).status_code == 429
    assert client.get("/test/limited/").status_code == 200


def test_the_window_slides_so_a_burst_at_a_boundary_cannot_double_the_rate(client, clock):
    at_second(clock, 50)
    assert [post(client).status_code for _ in range(10)] == [200] * 10
    # A fixed window would start again at 0 here; the last minute still holds 10 posts.
    at_second(clock, 5)
    response = post(client)
    assert response.status_code == 429
    # Retry-After says when the estimate is under the limit again (it fades, not resets).
    clock.shift(int(response["Retry-After"]))
    assert post(client).status_code == 200


def test_the_limit_lifts_once_the_window_has_slid_past(client, clock):
    for _ in range(11):
        post(client)
    clock.shift(120)
    assert [post(client).status_code for _ in range(10)] == [200] * 10


def test_each_address_has_its_own_count(client, clock):
    for _ in range(11):
        post(client, REMOTE_ADDR="203.0.113.5")
    assert post(client, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert post(client, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_sixty_addresses_of_one_ipv6_64_share_one_bucket(client, clock):
    network = ipaddress.ip_network("2001:db8:7:42::/64")
    statuses = [
        post(client, REMOTE_ADDR=str(network[number * 7919 + 1])).status_code
        for number in range(60)
    ]
    assert statuses == [200] * 10 + [429] * 50
    # The neighbouring /64 is someone else.
    assert post(client, REMOTE_ADDR="2001:db8:7:43::1").status_code == 200


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
    ("address", "bucket"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:0db8:0001:0002::1", "2001:db8:1:2::"),
        ("::ffff:192.0.2.9", "192.0.2.9"),  # IPv4 seen through an IPv6 socket
        ("not an address", None),
    ],
)
def test_client_network_is_the_address_or_the_ipv6_64(rf, address, bucket):
    assert client_network(rf.get("/", REMOTE_ADDR=address)) == bucket


def test_the_sign_in_lockout_counts_ipv6_by_64(client, staff, clock):
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.ratelimit.client_network"
    user = staff(superuser=True)
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, user, password="wrong", REMOTE_ADDR=f"2001:db8:9:9::{number}")
    # A fresh address of the same /64 is still locked; another /64 is not.
    assert sign_in_with_password(client, user, REMOTE_ADDR="2001:db8:9:9::ffff").status_code == 429
    assert sign_in_with_password(client, user, REMOTE_ADDR="2001:db8:9:a::1").status_code == 302


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
    with pytest.raises(ValueError, match="Rate must look like"):
        rate_limit(rate={"session": "10/m", "address": rate})


def test_rates_by_kind_need_a_session_and_an_address_limit():
    assert parse_rates({"session": "5/m", "address": "9/10m"}) == {
        "session": (5, 60),
        "address": (9, 600),
    }
    with pytest.raises(ValueError, match="need 'session' and 'address'"):
        parse_rates({"address": "9/10m"})
    with pytest.raises(ValueError, match="need 'session' and 'address'"):
        parse_rates({"session": "5/m", "address": "9/m", "per-day": "1/d"})


# --- Redis stopped: limits counted in the database, journeys and sign-in unaffected ----------
@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free port (never the shared one)."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for this test (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    process.client = client
    process.url = f"redis://127.0.0.1:{port}/0"
    yield process
    process.terminate()
    process.wait(timeout=10)


def stopped(private_redis):
    private_redis.terminate()
    private_redis.wait(timeout=10)


def redis_settings(private_redis):
    """The default cache alias (the rate limits' counts) on the private Redis; any other
    alias (the page cache's) as it was."""
    from django.conf import settings

    default = {"BACKEND": "core.cache.RedisCache", "LOCATION": private_redis.url}
    return override_settings(CACHES={**settings.CACHES, "default": default})


def test_with_redis_stopped_staff_sign_in_and_robots_are_counted_in_the_database(
    private_redis, staff, clock
):
    from django.test import Client

    from core.models import RateLimitCount
    from core.testing import authenticator, current_code

    user = staff(superuser=True)
    device = authenticator(user)
    with redis_settings(private_redis):
        robot = Client()
        assert robot.post("/referrals/about-you/", {}).status_code == 200
        assert private_redis.client.keys("*ratelimit:referral*")  # counted in Redis
        assert not RateLimitCount.objects.exists()
        stopped(private_redis)

        # A staff member signs in: password, then the code (lockout and throttle in the db).
        colleague = Client()
        password = {"username": user.username, "password": "correct horse battery staple 42"}
        assert colleague.post("/admin/login/", password).status_code == 302
        response = colleague.post("/admin/login/code/", {"code": current_code(device)})
        assert response.status_code == 302 and response["Location"] == "/admin/"

        # The forms robots aim at are still limited, now counted in the database; no 500.
        # (The database count starts afresh: what Redis had counted is gone with it.)
        statuses = [robot.post("/referrals/about-you/", {}).status_code for _ in range(61)]
        assert statuses == [200] * 60 + [429]
        statuses = [robot.post("/training/group-sessions/", {}).status_code for _ in range(31)]
        assert statuses == [200] * 30 + [429]
        assert RateLimitCount.objects.filter(key__startswith="ratelimit:referral:").exists()
        # Counted under hashes, never the address itself.
        assert not RateLimitCount.objects.filter(key__contains="127.0.0.1").exists()


def test_with_redis_stopped_a_booking_under_way_completes(private_redis, clock):
    """Needs the page cache to serve without Redis as well (core/page_cache.py, issue 14)."""
    from django.test import Client

    from core.testing import as_browser
    from tests.training.factories import make_session
    from tests.training.journeys import DETAILS, book_url, idempotency_key, start_booking
    from training.models import Booking

    session = make_session(capacity=5)
    with redis_settings(private_redis):
        visitor = Client()
        assert start_booking(visitor, session).status_code == 302
        assert private_redis.client.keys("*ratelimit:training-booking*")
        stopped(private_redis)

        details = {**DETAILS, "email": "during.outage@example.com"}
        response = visitor.post(book_url(session, "details/"), as_browser(details))
        assert response.status_code == 302
        key = idempotency_key(visitor, session)
        response = visitor.post(book_url(session, "check/"), {"idempotency_key": key})
        assert response.status_code == 302 and response.url.endswith("/confirmation/")
        assert Booking.objects.get().email == "during.outage@example.com"
        # A new visitor can start one too.
        newcomer = Client()
        assert start_booking(newcomer, session).status_code == 302
