"""The page cache under faults: a render racing an unpublish, and its own Redis stopping.

Redis here is a private redis-server on a free port, started and stopped by the test
(never the shared one).
"""

import shutil
import subprocess
import threading
import time

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import page_cache
from pages.models import Contact, Page
from pages.services import set_status
from tests.servers import free_port


def served_from_cache(response):
    # The session middleware runs only when the page cache did not answer.
    return not hasattr(response.wsgi_request, "session")


# --- Unpublished while a render is in flight --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_page_unpublished_while_a_render_is_in_flight_is_never_served(monkeypatch, content):
    from pages import views

    page = content
    visitor = Client()
    assert visitor.get("/about-prevent/").status_code == 200
    assert served_from_cache(visitor.get("/about-prevent/"))
    Contact.objects.create(role="Duty officer", when_to_use="x")  # the copy is now out of date

    rendering, release = threading.Event(), threading.Event()
    real = views.page_response

    def slow_render(request, *, page):
        if threading.current_thread().name == "render-in-flight":
            rendering.set()  # the page has been read as published; the render is under way
            assert release.wait(10)
        return real(request, page=page)

    monkeypatch.setattr(views, "page_response", slow_render)
    answers = {}

    def in_flight():
        try:
            answers["first"] = Client().get("/about-prevent/").status_code
        finally:
            connection.close()

    thread = threading.Thread(target=in_flight, name="render-in-flight")
    thread.start()
    assert rendering.wait(10)
    set_status(pages=[page], status=Page.Status.DRAFT)  # committed while the render runs
    # A request arriving while the replacement renders: never the old copy.
    assert Client().get("/about-prevent/").status_code == 404
    release.set()
    thread.join(10)
    assert answers["first"] == 200  # it began before the change; what it stored is retired
    for _ in range(3):
        assert Client().get("/about-prevent/").status_code == 404


# --- The page cache's own Redis stops and comes back --------------------------------------------


class PrivateRedis:
    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def client(self):
        return redis.Redis(port=self.port, db=1)  # the page cache's database here


@pytest.fixture
def private_redis(settings, monkeypatch):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed for this test (apt-get install redis-server)")
    server = PrivateRedis(free_port())
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/1",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 0.3)
    monkeypatch.setattr(page_cache._guard, "down_until", 0.0)
    monkeypatch.setattr(page_cache._guard, "pending_bumps", set())
    yield server
    server.stop()


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_redis_stopped_pages_are_rendered_healthz_degraded_then_caching_resumes(
    client, content, private_redis
):
    client.get("/about-prevent/")
    hit, queries = _queries(client, "/about-prevent/")
    assert served_from_cache(hit) and queries == 0
    assert private_redis.client().dbsize() > 0  # in the private Redis, database 1
    assert client.get("/healthz").json()["cache"] == "ok"

    private_redis.stop()
    for _ in range(5):
        started = time.monotonic()
        response, queries = _queries(client, "/about-prevent/")
        assert not served_from_cache(response) and queries > 0
        assert time.monotonic() - started < 1.0
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "cache": "degraded"}

    private_redis.start()  # empty, as a restarted Redis without persistence is
    time.sleep(page_cache.RETRY_SECONDS + 0.1)
    client.get("/about-prevent/")
    hit, queries = _queries(client, "/about-prevent/")
    assert served_from_cache(hit) and queries == 0, "caching did not resume"
    assert client.get("/healthz").json()["cache"] == "ok"


def test_a_change_made_while_redis_hangs_is_not_lost_when_it_answers_again(
    client, content, private_redis
):
    client.get("/about-prevent/")
    assert served_from_cache(client.get("/about-prevent/"))
    # Redis stops answering (as a stalled server does) but keeps its data.
    private_redis.client().execute_command("CLIENT", "PAUSE", 1500, "ALL")
    paused_at = time.monotonic()
    started = time.monotonic()
    response, _queries_made = _queries(client, "/about-prevent/")
    assert not served_from_cache(response)
    assert time.monotonic() - started < 1.0, "a hung Redis stalled the page"
    set_status(pages=[content], status=Page.Status.DRAFT)  # its bump cannot reach Redis
    time.sleep(max(0, 1.6 - (time.monotonic() - paused_at)) + page_cache.RETRY_SECONDS)
    # Redis answers again, still holding the old copy: the kept bump retires it first.
    assert client.get("/about-prevent/").status_code == 404
