import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import check_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_layout_passes_axe_and_html_checks(page):
    page.goto("/")
    assert page.title() == "Prevent in Warwickshire – Warwickshire County Council"
    assert page.get_by_text("In an emergency, call 999.").is_visible()
    stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert stylesheet.startswith("/static/css/main.") and stylesheet != "/static/css/main.css"
    # GOV.UK Frontend's JavaScript ran from its file (no inline script needed).
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in font and "arial" in font.lower()
    check_page(page)


def test_skip_link_is_first_and_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_mobile_menu_and_layout(mobile_page):
    mobile_page.goto("/")
    toggle = mobile_page.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    toggle.click()
    menu = mobile_page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="Make a referral").is_visible()
    check_page(mobile_page)


def test_pages_work_without_javascript(no_js_page):
    no_js_page.goto("/")
    # Without JS the navigation is shown in full, no Menu button needed.
    assert no_js_page.get_by_role("link", name="Make a referral").first.is_visible()
    check_page(no_js_page)


def test_404_page_in_site_design(page):
    response = page.goto("/this-page-does-not-exist/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.title() == "Page not found – Prevent in Warwickshire"
    check_page(page)


# --- Phones: no layout shift, footer targets big enough (issue 16) --------------------------
PHONE = {"width": 375, "height": 812}
# Sum of the layout shifts the page has had, as Lighthouse's CLS counts them (shifts right
# after input excluded), read from a buffered PerformanceObserver.
CLS_SCRIPT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture
def demo_site():
    import io

    from django.core.management import call_command

    # The demo loader refuses with debug off (the live site): this is the local demo.
    with override_settings(DEBUG=True):
        call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture
def phone(browser, live_server):
    """A 375 px phone on which GOV.UK Frontend's script arrives late, as on a slow network:
    whatever its script changes after the first paint then shows as a layout shift."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    page = context.new_page()

    def late(route):
        page.wait_for_timeout(600)
        route.continue_()

    page.route("**/static/js/govuk-frontend.*", late)
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/", "/about-prevent/", "/training/"])
def test_phone_pages_do_not_shift_after_first_paint(phone, demo_site, path):
    phone.goto(path, wait_until="load")
    # The script has run: the menu is collapsed behind its button.
    expect(phone.locator(".govuk-service-navigation__toggle")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(phone.locator("#navigation")).to_be_hidden()
    shift = phone.evaluate(CLS_SCRIPT)
    print(f"CLS {path} at 375 px: {shift:.4f}")
    assert shift < 0.02


def test_phone_menu_is_collapsed_from_the_first_paint(phone, demo_site):
    """Before GOV.UK Frontend's script runs, the list is already hidden and the button shown."""
    phone.goto("/", wait_until="commit")
    phone.wait_for_selector(".govuk-service-navigation__toggle", state="attached")
    phone.wait_for_function("document.readyState !== 'loading'")
    # One snapshot, taken before the (delayed) script has touched the button.
    before = phone.evaluate("""() => {
      const button = document.querySelector(".govuk-service-navigation__toggle");
      const list = document.getElementById("navigation");
      return {
        expanded: button.getAttribute("aria-expanded"),
        button: getComputedStyle(button).display,
        list: getComputedStyle(list).display,
      };
    }""")
    assert before == {"expanded": None, "button": "inline-flex", "list": "none"}
    # Once the script runs, the button opens the menu.
    expect(phone.locator(".govuk-service-navigation__toggle")).to_have_attribute(
        "aria-expanded", "false"
    )
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("navigation", name="Menu").get_by_role("link").first).to_be_visible()


def test_phone_footer_links_are_targets_of_at_least_24_px_apart(phone, demo_site):
    """WCAG 2.2, 2.5.8: each target at least 24 by 24 CSS px, and none overlapping."""
    phone.goto("/")
    boxes = [link.bounding_box() for link in phone.locator("footer a").all()]
    assert len(boxes) >= 4
    for box in boxes:
        assert box["height"] >= 24 and box["width"] >= 24, box
    for first, second in zip(boxes, boxes[1:], strict=False):
        apart = second["y"] >= first["y"] + first["height"] or (
            second["x"] >= first["x"] + first["width"]
        )
        assert apart, (first, second)
