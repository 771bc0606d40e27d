"""Two-factor sign-in in Chromium, and the admin working under the strict CSP.

The shared `page` fixture bypasses the CSP (axe-core is injected into the page), so the
CSP checks here use a context of their own that enforces it, and record every
`securitypolicyviolation` event and console error the admin raises.
"""

import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core import two_factor
from core.testing import authenticator, current_code
from tests.browser.conftest import VIEWPORTS, check_page
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = STAFF_PASSWORD
# Set SECURITY_SHOTS=/tmp/folder to keep screenshots of each page (for looking at them).
SHOTS = os.environ.get("SECURITY_SHOTS")

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def sign_in_password(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def csp_page(browser, live_server):
    """A page whose context enforces the CSP (no bypass) and records violations."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def assert_no_csp_violations(page):
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"CSP violations on {page.url}: {violations}"
    assert page.problems == [], f"console errors on {page.url}: {page.problems}"


def test_sign_in_pages_pass_axe_and_html_checks(page, staff):
    user = staff(None, username="browser.signin", superuser=True, device=True)
    page.goto("/admin/login/")
    assert page.title() == "Sign in to the staff area – Prevent in Warwickshire"
    shot(page, "sign-in")
    check_page(page)

    sign_in_password(page, user.username)
    page.wait_for_url("**/admin/login/code/")
    assert page.get_by_role("heading", name="Enter your security code").is_visible()
    shot(page, "enter-code")
    check_page(page)

    page.get_by_label("Code").fill(
        "000000" if current_code(authenticator(user)) != "000000" else "1"
    )
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: ")
    assert page.get_by_role("alert").get_by_text("The code is not right").is_visible()
    shot(page, "enter-code-error")
    check_page(page)


def test_enrolment_pages_pass_axe_and_html_checks(page, mobile_page, staff):
    user = staff(None, username="browser.enrol", superuser=True)
    code = two_factor.issue_enrolment_code(user)
    sign_in_password(page, user.username)
    page.wait_for_url("**/admin/two-factor/set-up/")
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] == 200 and box["height"] == 200
    shot(page, "set-up")
    check_page(page)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Enrolment code").fill(code)
    page.get_by_label("Code from the app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    codes = page.locator(".app-backup-codes li")
    assert codes.count() == 10
    shot(page, "backup-codes")
    check_page(page)

    page.get_by_role("link", name="I have saved my codes, continue").click()
    page.wait_for_url("**/admin/")

    # The staff member's own security pages, linked from the admin's header.
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.wait_for_url("**/admin/two-factor/backup-codes/")
    assert page.get_by_role("heading", name="Two-factor sign-in").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    shot(page, "two-factor-page")
    check_page(page)
    page.get_by_role("link", name="See where you are signed in").click()
    assert page.get_by_role("table").get_by_text("This browser").is_visible()
    shot(page, "sessions")
    check_page(page)

    # The set-up page at phone width: the QR code fits and nothing scrolls sideways.
    other = staff(None, username="browser.enrol.mobile", superuser=True)
    two_factor.issue_enrolment_code(other)
    sign_in_password(mobile_page, other.username)
    mobile_page.wait_for_url("**/admin/two-factor/set-up/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    shot(mobile_page, "set-up")
    check_page(mobile_page)


def test_two_factor_sign_in_then_the_admin_works_under_the_csp(csp_page, staff):
    page = csp_page
    user = staff(None, username="browser.csp", superuser=True, device=True)
    sign_in_password(page, user.username)
    page.wait_for_url("**/admin/login/code/")
    assert_no_csp_violations(page)

    page.get_by_label("Code").fill(current_code(authenticator(user)))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="What you can manage").is_visible()
    header = page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "unsafe" not in header and "script-src 'self'" in header
    shot(page, "admin-index")
    assert_no_csp_violations(page)

    # Pages with the admin's scripts: list filters, the add form, a change form with the
    # date/time shortcuts and the two-box group selector (on the user's change page: roles
    # themselves are fixed in core/roles.py, so /admin/auth/group/add/ is refused).
    for path in (
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{user.pk}/change/",
    ):
        page.goto(path)
        assert page.locator("#content").is_visible()
        assert_no_csp_violations(page)
    # The admin's JavaScript really ran under the policy (the date shortcuts are added by it).
    page.goto(f"/admin/auth/user/{user.pk}/change/")
    assert page.locator(".datetimeshortcuts").first.is_visible()
    assert page.locator("#id_groups_add_link, .selector-chooseall").first.is_visible()
    shot(page, "admin-user-change")
    assert_no_csp_violations(page)


def test_public_pages_raise_no_csp_violations(csp_page):
    for path in ("/", "/training/", "/referrals/", "/admin/login/"):
        csp_page.goto(path)
        assert_no_csp_violations(csp_page)


def test_lockout_page_in_site_design(page, staff):
    user = staff(None, username="browser.lockout", superuser=True, device=True)
    for _attempt in range(5):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Sign-in is paused").is_visible()
    shot(page, "locked")
    check_page(page)


@pytest.mark.urls("tests.security.urls")
def test_honeypot_form_passes_axe_and_keyboard_users_skip_the_trap(page):
    page.goto("/test/contact/")
    check_page(page)
    page.get_by_label("Your name").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.name || document.activeElement.value")
    assert focused != "website"  # Tab goes from the question to the button
    assert page.evaluate("document.activeElement.type") == "submit"
    shot(page, "honeypot-form")


def test_relaxed_local_demo_says_so_on_the_sign_in_page(mobile_page, settings, staff):
    settings.ADMIN_REQUIRE_2FA = False  # the live server thread shares these settings
    user = staff(None, username="browser.demo", superuser=True)
    mobile_page.goto("/admin/login/")
    warning = mobile_page.locator(".govuk-warning-text")
    assert warning.is_visible() and "Two-factor sign-in is turned off" in warning.inner_text()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 320
    shot(mobile_page, "sign-in-demo")
    check_page(mobile_page)
    sign_in_password(mobile_page, user.username)
    mobile_page.wait_for_url("**/admin/")
