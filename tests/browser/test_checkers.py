"""The browser checks themselves: they must look at the state the visitor saw."""

import pytest
from playwright.sync_api import expect

from .conftest import _collected_html, check_page, run_axe_without_site_scripts

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_no_javascript_axe_check_runs_on_the_document_shown_not_a_fresh_get(no_js_page):
    no_js_page.goto("/accessibility/")
    shown = no_js_page.content()
    assert run_axe_without_site_scripts(no_js_page, shown) == []
    # The same URL, but a document with a fault only the visitor's copy has: found.
    broken = shown.replace("<main", '<main><img src="/static/x.png"', 1)
    violations = run_axe_without_site_scripts(no_js_page, broken)
    assert any(v.startswith("image-alt") for v in violations), violations


def test_an_error_page_reached_by_post_is_checked_and_kept_for_the_html_checker(no_js_page):
    page = no_js_page
    page.goto("/referrals/")
    page.get_by_role("button", name="Start now").click()
    question_url = page.url
    before = len(_collected_html)
    check_page(page)
    page.get_by_role("button", name="Continue").click()  # nothing answered
    assert page.url == question_url
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)
    # Two states of one address: both documents go to the HTML checker.
    assert len(_collected_html) == before + 2
