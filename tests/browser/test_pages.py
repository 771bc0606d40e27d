"""Content pages in a real browser: a walk from the home page to every section by its
links, the search, each page type through axe and the HTML checker, phones and no JS."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from pages import demo
from pages.models import Page, SiteAlert
from tests.browser.conftest import check_page

pytestmark = pytest.mark.django_db(transaction=True)

GUIDES = {
    "What Prevent is": [
        "About Prevent",
        "Prevent's objectives",
        "Prevent and safeguarding",
        "The Channel process",
        "Action plan and annual report",
    ],
    "Learning and development": [
        "Learning and development",
        "Prevent duty training online",
        "Face-to-face and live online courses",
        "Training for designated safeguarding leads",
        "Training for parents",
        "Training for commissioned services",
    ],
}


@pytest.fixture
def content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_site_content", stdout=io.StringIO())
    demo.load(stdout=io.StringIO())


def h1(page):
    return page.locator("h1").inner_text().strip()


def go_home(page):
    page.get_by_role("link", name="Prevent in Warwickshire", exact=True).first.click()
    assert page.url.endswith("/")


def test_walk_from_the_home_page_to_every_section_by_its_links(page, content):
    page.goto("/")
    check_page(page)

    # Each guide: in from the home page, then part by part with the Next links.
    for entry, parts in GUIDES.items():
        page.get_by_role("link", name=entry, exact=True).first.click()
        seen = [h1(page)]
        check_page(page)
        while page.locator("a[rel=next]").count():
            page.locator("a[rel=next]").click()
            seen.append(h1(page))
            check_page(page)
        assert seen == parts
        # And back again with Previous.
        page.locator("a[rel=prev]").click()
        assert h1(page) == parts[-2]
        page.get_by_role("link", name="Home", exact=True).first.click()

    # Documents on the guide pages download as real PDFs.
    page.goto("/about-prevent/action-plan/")
    for link in page.locator(".app-attachment__title a").all():
        response = page.request.get(link.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")

    go_home(page)
    page.get_by_role("link", name="Get help now").click()
    assert h1(page) == "Get help"
    contacts = page.locator(".app-contact__role").all_inner_texts()
    assert contacts[:2] == ["Emergency services", "Anti-Terrorist Hotline"]
    assert page.get_by_role("heading", name="Help outside office hours").is_visible()
    check_page(page)

    for section in ("Resources", "Prevent newsletters"):
        go_home(page)
        page.locator("#main-content").get_by_role("link", name=section, exact=True).click()
        assert h1(page) == section
        check_page(page)

    for footer_link, title in [
        ("Accessibility statement", "Accessibility statement"),
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
    ]:
        page.locator("footer").get_by_role("link", name=footer_link).click()
        assert h1(page) == title
        check_page(page)

    # The routes to the other parts of the site lead somewhere real.
    for route, path in [("Find training", "/training/"), ("Make a referral", "/referrals/")]:
        go_home(page)
        page.locator("#main-content").get_by_role("link", name=route).click()
        assert page.url.endswith(path)


def test_search_from_the_home_page(page, content):
    page.goto("/")
    page.get_by_label("Search Prevent guidance, documents and training").fill("Channel panel")
    page.locator("#main-content").get_by_role("button", name="Search").click()
    assert "/search/?q=Channel+panel" in page.url
    assert page.locator(".app-search-count").inner_text().endswith("results for ‘Channel panel’")
    assert page.locator(".app-search-result mark").count() > 0
    check_page(page)
    first = page.locator(".app-search-result__title a").first
    title = first.inner_text()
    href = first.get_attribute("href")
    if href.startswith("/documents/"):
        assert page.request.get(href).ok
    else:
        first.click()
        assert h1(page) == title

    page.goto("/search/?q=zebra+crossing")
    assert page.get_by_role("heading", name="There are no matching results").is_visible()
    check_page(page)
    page.goto("/search/?q=")
    check_page(page)


def test_each_page_type_on_a_phone(mobile_page, content):
    for url in ["/", "/about-prevent/channel/", "/get-help/", "/search/?q=training", "/cookies/"]:
        mobile_page.goto(url)
        overflow = mobile_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"
        check_page(mobile_page)


def test_content_pages_work_without_javascript(no_js_page, content):
    no_js_page.goto("/learning-and-development/face-to-face-courses/")
    no_js_page.get_by_role("link", name="Prevent Update Training").first.click()
    assert no_js_page.url.endswith("#prevent-update-training")
    check_page(no_js_page)
    no_js_page.goto("/")
    no_js_page.get_by_label("Search Prevent guidance, documents and training").fill("WRAP")
    no_js_page.get_by_label("Search Prevent guidance, documents and training").press("Enter")
    assert no_js_page.locator(".app-search-result").count() > 0
    check_page(no_js_page)


def test_site_alert_banner(page, content):
    SiteAlert.objects.create(
        message="The Prevent phone line is closed on Friday 27 November.",
        link_url="/get-help/",
        link_text="Other ways to get help",
        ends_at=timezone.now() + datetime.timedelta(days=2),
    )
    page.goto("/about-prevent/")
    banner = page.get_by_role("region", name="Important")
    assert "phone line is closed" in banner.inner_text()
    check_page(page)


def test_editor_preview_of_a_draft(page, content, live_server, editor_client):
    cookie = editor_client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    draft = Page.objects.get(path="about-prevent/channel")
    draft.status = Page.Status.DRAFT
    draft.save()
    page.goto(f"/admin/pages/page/{draft.pk}/preview/")
    assert page.get_by_role("region", name="Preview").is_visible()
    assert h1(page) == "The Channel process"
    check_page(page)


NEUTRAL_SITE = "https://www.bbc.co.uk/weather"


def test_exit_this_page_leaves_at_once_with_the_button_or_three_shift_presses(page, content):
    # The neutral site is answered locally: the test needs no internet.
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="Weather"))
    page.goto("/get-help/")
    button = page.get_by_role("button", name="Emergency Exit this page")
    expect(button).to_be_visible()
    check_page(page)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_SITE)

    page.goto("/learning-and-development/parents/")
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(NEUTRAL_SITE)


def test_exit_this_page_is_a_plain_link_without_javascript(no_js_page, content):
    no_js_page.goto("/get-help/")
    link = no_js_page.locator(".govuk-exit-this-page__button")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == NEUTRAL_SITE
    no_js_page.goto("/about-prevent/")
    expect(no_js_page.locator(".govuk-exit-this-page")).to_have_count(0)
