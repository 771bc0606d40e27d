"""The editor's journey in the admin: write a page, preview it, publish it, see its history."""

import pytest
from django.test import Client

from pages.models import Page, PageVersion

from .factories import make_document, make_page

pytestmark = pytest.mark.django_db


def page_form(**overrides):
    data = {
        "title": "Online safety for parents",
        "summary": "How to keep children safe online.",
        "body": "## Apps\n\nWhat the popular apps do.",
        "status": "draft",
        "next_review": "",
        "parent": "",
        "slug": "online-safety",
        "order": "5",
        "kind": "standard",
        "show_on_home_page": "on",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


# The page's own fields on its change form; page_form fills in the rest.
CHANGE_FORM_FIELDS = ["title", "summary", "body", "status", "slug", "order"]


def change_form(page, **overrides):
    """The change form for `page` as it is shown (its own values), then `overrides`."""
    shown = {name: str(getattr(page, name)) for name in CHANGE_FORM_FIELDS}
    return page_form(**{**shown, **overrides})


def test_editor_writes_previews_and_publishes_a_page(editor_client, editor):
    public = Client()

    # 1. Write a draft.
    response = editor_client.post("/admin/pages/page/add/", page_form())
    assert response.status_code == 302, response.text
    page = Page.objects.get(slug="online-safety")
    assert page.status == Page.Status.DRAFT
    assert public.get("/online-safety/").status_code == 404

    # 2. Change it and preview the change without saving.
    edited = change_form(page, body="## Apps\n\nA new section about gaming.")
    response = editor_client.post(f"/admin/pages/page/{page.pk}/preview/", edited)
    assert response.status_code == 200
    assert "A new section about gaming." in response.text
    assert "This is how the page will look" in response.text
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    page.refresh_from_db()
    assert "gaming" not in page.body  # nothing saved
    assert public.get("/online-safety/").status_code == 404

    # 3. Save and publish.
    response = editor_client.post(
        f"/admin/pages/page/{page.pk}/change/", {**edited, "_publish": "Save and publish"}
    )
    assert response.status_code == 302, response.text
    live = public.get("/online-safety/")
    assert live.status_code == 200
    assert "A new section about gaming." in live.text

    # 4. The history shows who changed it and when, with the previous version.
    versions = list(page.versions.all())
    assert [v.status for v in versions] == ["published", "draft"]
    assert {v.created_by for v in versions} == {editor}
    change_page = editor_client.get(f"/admin/pages/page/{page.pk}/change/").text
    assert "Version history" in change_page and "View this version" in change_page
    old = versions[-1]
    version_page = editor_client.get(f"/admin/pages/page/{page.pk}/versions/{old.pk}/")
    assert version_page.status_code == 200
    assert "+A new section about gaming." in version_page.text
    assert "-What the popular apps do." in version_page.text


def test_preview_of_a_new_page_before_it_is_saved(editor_client):
    response = editor_client.post("/admin/pages/page/preview/", page_form(title="Brand new"))
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Brand new</h1>' in response.text
    assert not Page.objects.exists()


def test_preview_shows_the_editor_what_to_fix(editor_client):
    response = editor_client.post("/admin/pages/page/preview/", page_form(title=""))
    assert response.status_code == 400
    assert "cannot be previewed yet" in response.text


def test_preview_is_sanitised_like_the_live_page(editor_client):
    response = editor_client.post(
        "/admin/pages/page/preview/", page_form(body="Hi <script>alert(1)</script>")
    )
    assert "alert(1)" not in response.text


def test_saved_drafts_can_be_previewed_by_editors(editor_client):
    page = make_page("Draft page", status=Page.Status.DRAFT, body="Draft words")
    response = editor_client.get(f"/admin/pages/page/{page.pk}/preview/")
    assert response.status_code == 200
    assert "Draft words" in response.text


def test_only_staff_with_the_pages_permission_can_preview(trainer_client):
    page = make_page("Draft page", status=Page.Status.DRAFT)
    assert trainer_client.get(f"/admin/pages/page/{page.pk}/preview/").status_code == 403
    response = trainer_client.post("/admin/pages/page/preview/", page_form())
    assert response.status_code == 403


def test_the_public_cannot_preview(client):
    page = make_page("Draft page", status=Page.Status.DRAFT, body="Secret words")
    response = client.get(f"/admin/pages/page/{page.pk}/preview/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_can_restore_a_previous_version(editor_client, editor):
    page = make_page("Restore me", body="Good text", user=editor)
    editor_client.post(f"/admin/pages/page/{page.pk}/change/", change_form(page, body="Bad text"))
    good = page.versions.get(body="Good text")
    response = editor_client.post(f"/admin/pages/page/{page.pk}/versions/{good.pk}/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "Good text"
    assert page.versions.count() == 3


def test_a_version_can_be_previewed_as_a_page(editor_client):
    page = make_page("Old words", body="The first wording")
    version = page.versions.get()
    page.body = "The second wording"
    from pages.services import save_page

    save_page(page=page)
    response = editor_client.get(f"/admin/pages/page/{page.pk}/versions/{version.pk}/?view=page")
    assert "The first wording" in response.text and "The second wording" not in response.text


def test_changing_the_slug_in_the_admin_keeps_the_old_address(editor_client):
    page = make_page("Moving page", slug="old-address")
    editor_client.post(
        f"/admin/pages/page/{page.pk}/change/", change_form(page, slug="new-address")
    )
    response = Client().get("/old-address/")
    assert response.status_code == 301 and response["Location"] == "/new-address/"


def test_list_filters_by_status_and_searches(editor_client):
    make_page("Published thing")
    make_page("Draft thing", status=Page.Status.DRAFT)
    drafts = editor_client.get("/admin/pages/page/", {"status__exact": "draft"}).text
    assert "Draft thing" in drafts and "Published thing" not in drafts
    found = editor_client.get("/admin/pages/page/", {"q": "Published"}).text
    assert "Published thing" in found and "Draft thing" not in found


def test_navigation_is_reordered_from_the_list(editor_client):
    first = make_page("First", order=1)
    second = make_page("Second", order=2)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(first.pk),
        "form-0-order": "9",
        "form-1-id": str(second.pk),
        "form-1-order": "1",
        "_save": "Save",
    }
    response = editor_client.post("/admin/pages/page/?o=1", data)
    assert response.status_code == 302, response.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.order, second.order) == (9, 1)
    assert first.versions.count() == 1  # reordering is not a content change


def test_publish_action_publishes_selected_drafts(editor_client, editor):
    drafts = [make_page(f"Draft {n}", status=Page.Status.DRAFT) for n in range(2)]
    response = editor_client.post(
        "/admin/pages/page/",
        {"action": "publish", "_selected_action": [p.pk for p in drafts]},
    )
    assert response.status_code == 302
    assert Page.objects.filter(status="published").count() == 2
    assert PageVersion.objects.filter(created_by=editor, status="published").count() == 2


def test_editor_attaches_a_document_to_a_page(editor_client):
    page = make_page("With document", slug="with-document")
    document = make_document("Channel leaflet")
    data = change_form(
        page,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-document": str(document.pk),
            "attachments-0-order": "0",
        },
    )
    response = editor_client.post(f"/admin/pages/page/{page.pk}/change/", data)
    assert response.status_code == 302, response.text
    assert "Channel leaflet" in Client().get("/with-document/").text


def test_admin_pages_for_structured_content_open(editor_client):
    for model in (
        "contact",
        "outofhoursservice",
        "document",
        "resource",
        "resourcecategory",
        "newsletter",
        "testimonial",
        "sitealert",
        "pageredirect",
    ):
        assert editor_client.get(f"/admin/pages/{model}/").status_code == 200, model
        if model != "pageredirect":
            assert editor_client.get(f"/admin/pages/{model}/add/").status_code == 200, model
