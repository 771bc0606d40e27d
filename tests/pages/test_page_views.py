"""What a content page shows, how many queries it costs and how it answers conditional GETs."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import (
    Contact,
    Newsletter,
    OutOfHoursService,
    Page,
    PageDocument,
    Resource,
    ResourceCategory,
)
from pages.models import Testimonial as TrainingTestimonial
from pages.services import save_page
from pages.templatetags.pages_tags import file_size

from .factories import make_document, make_page

pytestmark = pytest.mark.django_db

LONG_BODY = "\n\n".join(f"## Part {n}\n\nText for part {n}." for n in range(1, 5))


def main_html(response):
    text = response.text
    return text[text.index("<main") : text.index("</main>")]


def test_long_page_has_a_contents_list_of_its_sections(client):
    make_page("Long", slug="long", body=LONG_BODY)
    html = main_html(client.get("/long/"))
    assert 'aria-label="On this page"' in html
    for n in range(1, 5):
        assert f'href="#part-{n}">Part {n}</a>' in html
        assert f'id="part-{n}"' in html


def test_short_page_has_no_contents_list(client):
    make_page("Short", slug="short", body="## One\n\nText\n\n## Two\n\nText")
    assert 'aria-label="On this page"' not in client.get("/short/").text


def test_guide_parts_have_a_parts_list_and_previous_and_next_links(client):
    guide = make_page("Guide", slug="guide", is_guide=True)
    make_page("Part one", slug="one", parent=guide, order=1)
    make_page("Part two", slug="two", parent=guide, order=2)
    make_page("Part three", slug="three", parent=guide, order=3)
    html = main_html(client.get("/guide/two/"))
    assert 'aria-label="Pages in this guide"' in html
    assert '<span class="app-contents-list__current" aria-current="page">Part two</span>' in html
    assert 'href="/guide/one/" rel="prev"' in html
    assert 'href="/guide/three/" rel="next"' in html
    first = main_html(client.get("/guide/"))
    assert 'rel="prev"' not in first and 'href="/guide/one/" rel="next"' in first
    last = main_html(client.get("/guide/three/"))
    assert 'rel="next"' not in last


def test_guide_order_follows_the_order_field(client):
    guide = make_page("Guide", slug="guide", is_guide=True)
    b = make_page("B part", slug="b", parent=guide, order=1)
    make_page("A part", slug="a", parent=guide, order=2)
    html = main_html(client.get("/guide/"))
    assert html.index("B part") < html.index("A part")
    b.order = 9
    save_page(page=b)
    html = main_html(client.get("/guide/"))
    assert html.index("A part") < html.index("B part")


def test_last_updated_and_next_review_are_shown(client):
    review = timezone.localdate() + datetime.timedelta(days=30)
    page = make_page("Dated", slug="dated", next_review=review)
    html = main_html(client.get("/dated/"))
    assert f"{page.last_updated:%B %Y}" in html and "Last updated" in html
    assert (
        f'Next review due</dt> <dd class="app-page-meta__value"><time datetime="{review:%Y-%m-%d}"'
        in html
    )


def test_breadcrumbs_show_the_published_ancestors(client):
    top = make_page("Top", slug="top")
    middle = make_page("Middle", slug="middle", parent=top)
    make_page("Bottom", slug="bottom", parent=middle)
    html = client.get("/top/middle/bottom/").text
    crumbs = html[
        html.index("govuk-breadcrumbs") : html.index("</nav>", html.index("govuk-breadcrumbs"))
    ]
    assert 'href="/">Home' in crumbs
    assert 'href="/top/">Top' in crumbs and 'href="/top/middle/">Middle' in crumbs
    assert '<span aria-current="page">Bottom</span>' in crumbs


def test_get_help_lists_contacts_emergency_first_then_out_of_hours(client):
    make_page("Get help", slug="get-help", kind=Page.Kind.GET_HELP)
    Contact.objects.create(
        role="Council Prevent officer", when_to_use="Advice", phone="01926 412016", order=0
    )
    Contact.objects.create(
        role="Emergency services", when_to_use="Danger", phone="999", is_emergency=True, order=5
    )
    Contact.objects.create(role="Hidden", when_to_use="x", is_published=False)
    OutOfHoursService.objects.create(name="Samaritans", description="Talk", phone="116 123")
    html = main_html(client.get("/get-help/"))
    assert html.index("Emergency services") < html.index("Council Prevent officer")
    assert 'href="tel:999"' in html and 'href="tel:01926412016"' in html
    assert "Hidden" not in html
    assert html.index("Council Prevent officer") < html.index("Samaritans")


def test_documents_are_shown_as_attachments_with_type_and_size(client):
    page = make_page("Plans", slug="plans")
    document = make_document("Action plan")
    PageDocument.objects.create(page=page, document=document)
    PageDocument.objects.create(page=page, document=make_document("Withdrawn", is_published=False))
    html = main_html(client.get("/plans/"))
    assert f'href="{document.get_absolute_url()}">Action plan</a>' in html
    assert (
        '<abbr title="Portable Document Format" class="app-attachment__abbr">PDF</abbr>, '
        f"{file_size(document.size)}</p>" in html
    )
    assert "Withdrawn" not in html


def test_resources_are_grouped_by_category(client):
    make_page("Resources", slug="resources", kind=Page.Kind.RESOURCES)
    schools = ResourceCategory.objects.create(name="Schools", slug="schools", order=2)
    elearning = ResourceCategory.objects.create(name="E-learning", slug="e-learning", order=1)
    Resource.objects.create(
        category=schools,
        title="Educate Against Hate",
        url="https://www.educateagainsthate.com/",
        description="For schools",
    )
    Resource.objects.create(
        category=elearning,
        title="Prevent awareness",
        url="https://www.support-people-susceptible-to-radicalisation.service.gov.uk/portal",
        description="Course",
    )
    html = main_html(client.get("/resources/"))
    assert html.index("E-learning") < html.index("Prevent awareness") < html.index("Schools")
    assert html.index("Schools") < html.index("Educate Against Hate")


def test_newsletters_are_listed_newest_first(client):
    make_page("Newsletters", slug="newsletters", kind=Page.Kind.NEWSLETTERS)
    Newsletter.objects.create(
        title="Spring issue", issue_date=datetime.date(2026, 4, 1), url="https://example.org/spring"
    )
    Newsletter.objects.create(
        title="Autumn issue",
        issue_date=datetime.date(2026, 10, 1),
        document=make_document("Autumn file"),
    )
    html = main_html(client.get("/newsletters/"))
    assert html.index("Autumn issue") < html.index("Spring issue")
    size = Newsletter.objects.get(title="Autumn issue").document.size
    assert f"PDF, {file_size(size)}" in html


def test_learning_page_shows_general_training_testimonials_by_role_not_name(client):
    make_page("Learning", slug="learning", kind=Page.Kind.LEARNING)
    TrainingTestimonial.objects.create(
        quote="Really useful.", role="Safeguarding lead", organisation="A school"
    )
    TrainingTestimonial.objects.create(
        quote="Not yet approved.", role="Manager", organisation="X", is_published=False
    )
    html = main_html(client.get("/learning/"))
    assert "Really useful." in html and "Safeguarding lead, A school" in html
    assert "Not yet approved." not in html


def test_home_page_shows_routes_sections_and_latest_news(client):
    make_page("Prevent in Warwickshire", kind=Page.Kind.HOME, slug="")
    make_page("About Prevent", slug="about-prevent")
    make_page("Privacy notice", slug="privacy", show_on_home_page=False)
    for month in range(1, 6):
        Newsletter.objects.create(
            title=f"Issue {month}",
            issue_date=datetime.date(2026, month, 1),
            url="https://example.org/",
        )
    html = main_html(client.get("/"))
    for href in ("/get-help/", "/about-prevent/", "/training/", "/referrals/"):
        assert f'href="{href}"' in html
    assert "Issue 5" in html and "Issue 3" in html and "Issue 2" not in html
    assert 'href="/privacy/"' not in html


def test_home_page_works_before_any_content_exists(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Get help now" in response.text


def test_staff_with_edit_rights_see_an_edit_link_and_the_public_do_not(editor_client):
    page = make_page("Editable", slug="editable")
    staff_html = editor_client.get("/editable/").text
    assert f'href="/admin/pages/page/{page.pk}/change/">Edit this page' in staff_html
    assert "Edit this page" not in Client().get("/editable/").text


# --- Query counts ---------------------------------------------------------------------------


def _site(size):
    """A get-help page, a guide with documents, and `size` pages in all."""
    make_page("Home", kind=Page.Kind.HOME, slug="")
    make_page("Get help", slug="get-help", kind=Page.Kind.GET_HELP)
    guide = make_page("Guide", slug="guide", is_guide=True)
    part = make_page("Part", slug="part", parent=guide, body=LONG_BODY)
    for document in (make_document("One"), make_document("Two")):
        PageDocument.objects.create(page=part, document=document)
    for n in range(3):
        Contact.objects.create(role=f"Contact {n}", when_to_use="x", phone="01926 000000")
        OutOfHoursService.objects.create(name=f"Service {n}", description="x")
    bulk = make_page("Bulk", slug="bulk")
    Page.objects.bulk_create(
        Page(
            parent=bulk if n % 2 else guide,
            slug=f"bulk-{n}",
            path=f"{'bulk' if n % 2 else 'guide'}/bulk-{n}",
            title=f"Bulk {n}",
            summary="x",
            status=Page.Status.PUBLISHED,
        )
        for n in range(size - Page.objects.count())
    )
    assert Page.objects.count() == size


URLS = ["/", "/get-help/", "/guide/", "/guide/part/", "/bulk/"]


def _query_counts():
    counts = {}
    for url in URLS:
        caches["pages"].clear()  # cold: the page is rendered
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("size", [10, 500])
def test_each_content_page_costs_at_most_six_queries(size, client, django_assert_max_num_queries):
    _site(size)
    for url in URLS:
        caches["pages"].clear()
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_the_number_of_pages():
    _site(10)
    small = _query_counts()
    _site_more = Page.objects.get(path="bulk")
    Page.objects.bulk_create(
        Page(
            parent=_site_more,
            slug=f"more-{n}",
            path=f"bulk/more-{n}",
            title=f"More {n}",
            summary="x",
            status=Page.Status.PUBLISHED,
        )
        for n in range(490)
    )
    assert _query_counts() == small


def test_a_repeat_visit_is_served_from_the_page_cache_without_a_query(
    client, django_assert_num_queries
):
    _site(10)
    client.get("/guide/part/")
    # The whole response comes from the page cache (core/page_cache.py).
    with django_assert_num_queries(0):
        response = client.get("/guide/part/")
    assert "Part" in response.text


# --- Conditional requests ------------------------------------------------------------------


def test_anonymous_responses_carry_etag_and_last_modified(client):
    make_page("Cached", slug="cached")
    response = client.get("/cached/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "no-cache" in response["Cache-Control"]


def test_matching_etag_gets_304_without_a_body(client):
    make_page("Cached", slug="cached")
    etag = client.get("/cached/")["ETag"]
    response = client.get("/cached/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_304(client):
    make_page("Cached", slug="cached")
    last_modified = client.get("/cached/")["Last-Modified"]
    response = client.get("/cached/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_home_page_answers_conditional_requests_too(client):
    make_page("Home", kind=Page.Kind.HOME, slug="")
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"if-none-match": etag}).status_code == 304


def test_editing_any_content_changes_the_etag(client):
    page = make_page("Get help", slug="get-help", kind=Page.Kind.GET_HELP)
    first = client.get("/get-help/")["ETag"]
    Contact.objects.create(role="New contact", when_to_use="x")
    response = client.get("/get-help/", headers={"if-none-match": first})
    assert response.status_code == 200
    assert "New contact" in response.text
    second = response["ETag"]
    assert second != first
    page.body = "Changed"
    save_page(page=page)
    assert client.get("/get-help/", headers={"if-none-match": second}).status_code == 200


def test_signed_in_staff_get_private_uncached_pages(editor_client):
    make_page("Cached", slug="cached")
    response = editor_client.get("/cached/")
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]


def test_head_requests_are_answered_and_posts_refused(client):
    make_page("Cached", slug="cached")
    assert client.head("/cached/").status_code == 200
    assert client.post("/cached/").status_code == 405


def test_pages_holding_a_csrf_token_are_not_shared_between_visitors(client, monkeypatch):
    from django.middleware.csrf import get_token

    from pages import views

    make_page("Cached", slug="cached")
    real = views.render

    def render_with_token(request, template, context):
        get_token(request)  # what {% csrf_token %} in a template does
        return real(request, template, context)

    monkeypatch.setattr(views, "render", render_with_token)
    client.get("/cached/")
    client.cookies.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/cached/")
    assert len(queries) > 1  # rendered afresh, not served from the page cache
