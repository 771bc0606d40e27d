import pytest

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
