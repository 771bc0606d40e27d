"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Two checks every page can reuse with one line, `check_page(page)`:
- axe-core (injected from node_modules) must report no violations;
- the page's HTML is collected, and one Nu HTML Checker run (vnu.jar, Java) over all
  collected pages at the end of the session must report no errors.
One browser per test session keeps this fast. A missing browser or Java fails the run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"mobile": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# in a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Every state a test checked (a page after a POST is a state of its own, even when its URL
# is the same as another's): {html: where it was seen}. Identical documents are checked once.
_collected_html: dict[str, str] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class _NoStaticHandler:
    """Let WhiteNoise serve the collected, hashed static files, as in production.

    (pytest-django's own live server serves /static/ from the source folders, where
    hashed names do not exist.)
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_server(django_db_blocker):
    from django.test.testcases import LiveServerThread

    manifest = ROOT / "staticfiles-manifest" / "staticfiles.json"
    if not manifest.exists():
        pytest.fail("Static files are not collected: run `make assets` (make test does).")
    with django_db_blocker.unblock():
        thread = LiveServerThread("localhost", static_handler=_NoStaticHandler)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
    if thread.error:
        raise thread.error
    from django.test.utils import modify_settings

    yield SimpleNamespace(
        url=f"http://localhost:{thread.port}",
        # pytest-django's helper enables this around each test that uses the server.
        _live_server_modified_settings=modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
    )
    thread.terminate()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def html_checker():
    """After the last browser test, check every collected page with the Nu HTML Checker."""
    yield
    if not _collected_html:
        return
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker: install a JRE (default-jre-headless)."
    assert VNU.exists(), f"{VNU} missing: run `npm ci`."
    folder = ROOT / "var" / "html-check"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    names = {}
    for index, (html, seen_at) in enumerate(_collected_html.items()):
        path = folder / f"page-{index:04d}.html"
        path.write_text(html, encoding="utf-8")
        names[f"file:{path}"] = seen_at
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "HTML checker errors:\n" + "\n".join(errors)


def _new_page(browser, live_server, *, viewport="desktop", javascript=True):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS[viewport],
        java_script_enabled=javascript,
        # Needed to inject axe-core into pages served under a strict CSP.
        bypass_csp=True,
    )
    page = context.new_page()
    page.javascript_enabled = javascript
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            # Broken sub-resources are caught below; the page's own status is the test's business.
            and not message.text.startswith("Failed to load resource")
            and page.console_errors.append(message.text)
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and page.console_errors.append(f"{response.status} for {response.url}")
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport="mobile")
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    context, page = _new_page(browser, live_server, javascript=False)
    yield page
    context.close()


def check_page(page, *, axe=True):
    """Run axe-core on the current page (0 violations) and collect its HTML for vnu.

    Also fails on any console error (including Content Security Policy violations).
    """
    html = page.content()
    _collected_html.setdefault(
        html, f"{page.url} ({page.viewport_size['width']}px, js={page.javascript_enabled})"
    )
    if axe:
        if page.javascript_enabled:
            violations = run_axe(page)
        else:
            violations = run_axe_without_site_scripts(page, html)
        assert not violations, "axe violations on " + page.url + ":\n" + "\n".join(violations)
    errors = page.console_errors
    assert not errors, f"console errors on {page.url}: {errors}"


def run_axe_without_site_scripts(page, html):
    """axe needs JavaScript: show the very document the visitor saw (`html`, which may be
    the answer to a POST) in a page whose own scripts are blocked, and check that.

    The document is served again under its own URL, so its stylesheets and images load
    from the live server as they did for the visitor; nothing is fetched from the view."""
    context = page.context.browser.new_context(
        viewport=page.viewport_size, bypass_csp=True, java_script_enabled=True
    )
    try:
        context.add_cookies(page.context.cookies())
        checker = context.new_page()
        checker.route("**/*.js", lambda route: route.abort())
        checker.route(
            page.url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        checker.goto(page.url)
        return run_axe(checker)
    finally:
        context.close()


def run_axe(page):
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
            });
            return r.violations.map(v => v.id + ': ' + v.help + ' -> ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return result
