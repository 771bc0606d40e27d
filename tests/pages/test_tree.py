"""The page tree: addresses, moves that leave permanent redirects, drafts, versions."""

import pytest
from django.core.exceptions import ValidationError

from pages.models import Page, PageRedirect, PageVersion
from pages.services import restore_version, save_page, set_status

from .factories import make_page

pytestmark = pytest.mark.django_db


def test_full_path_is_built_from_the_parents():
    about = make_page("About", slug="about")
    channel = make_page("Channel", slug="channel", parent=about)
    panel = make_page("Panel", slug="panel", parent=channel)
    assert panel.path == "about/channel/panel"
    assert panel.get_absolute_url() == "/about/channel/panel/"


def test_a_page_is_found_by_its_full_path(client):
    about = make_page("About", slug="about")
    make_page("Channel", slug="channel", parent=about, body="Channel body text")
    response = client.get("/about/channel/")
    assert response.status_code == 200
    assert "Channel body text" in response.text


def test_slug_change_redirects_the_old_address_permanently(client):
    page = make_page("Prevent duty", slug="duty")
    page.slug = "the-prevent-duty"
    save_page(page=page)
    response = client.get("/duty/")
    assert response.status_code == 301
    assert response["Location"] == "/the-prevent-duty/"
    assert client.get("/the-prevent-duty/").status_code == 200


def test_moving_a_section_moves_its_sub_pages_and_redirects_each_old_address(client):
    section = make_page("Section", slug="section")
    child = make_page("Child", slug="child", parent=section)
    grandchild = make_page("Grandchild", slug="grandchild", parent=child)
    section.slug = "renamed"
    save_page(page=section)
    grandchild.refresh_from_db()
    assert grandchild.path == "renamed/child/grandchild"
    response = client.get("/section/child/grandchild/")
    assert response.status_code == 301
    assert response["Location"] == "/renamed/child/grandchild/"


def test_redirect_follows_the_page_through_several_moves(client):
    page = make_page("Moving", slug="first")
    for slug in ("second", "third"):
        page.slug = slug
        save_page(page=page)
    assert client.get("/first/")["Location"] == "/third/"
    assert client.get("/second/")["Location"] == "/third/"


def test_a_new_page_at_an_old_address_wins_over_the_redirect(client):
    page = make_page("Old", slug="old")
    page.slug = "new"
    save_page(page=page)
    make_page("Replacement", slug="old", body="The replacement")
    assert not PageRedirect.objects.filter(old_path="old").exists()
    assert "The replacement" in client.get("/old/").text


def test_drafts_are_invisible_to_the_public(client):
    make_page("Secret plan", slug="secret", status=Page.Status.DRAFT)
    assert client.get("/secret/").status_code == 404


def test_a_redirect_to_a_draft_is_not_followed(client):
    page = make_page("Going", slug="going")
    page.slug = "gone"
    page.status = Page.Status.DRAFT
    save_page(page=page)
    assert client.get("/going/").status_code == 404


def test_drafts_are_not_listed_as_sub_pages(client):
    section = make_page("Section", slug="section")
    make_page("Visible child", parent=section)
    make_page("Draft child", parent=section, status=Page.Status.DRAFT)
    text = client.get("/section/").text
    assert "Visible child" in text and "Draft child" not in text


@pytest.mark.parametrize("slug", ["search", "training", "referrals", "admin", "documents"])
def test_top_level_pages_cannot_take_addresses_other_routes_own(slug):
    with pytest.raises(ValidationError) as error:
        make_page("Clash", slug=slug)
    assert "slug" in error.value.message_dict


def test_two_pages_cannot_share_an_address():
    make_page("One", slug="same")
    with pytest.raises(ValidationError) as error:
        make_page("Two", slug="same")
    assert error.value.message_dict["slug"] == ["Another page already uses the address /same/"]


def test_a_page_cannot_be_moved_inside_itself():
    parent = make_page("Parent", slug="parent")
    child = make_page("Child", slug="child", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        save_page(page=parent)
    assert "parent" in error.value.message_dict


def test_odd_addresses_are_not_found_rather_than_errors(client):
    for path in ("/UPPER/", "/a%00b/", "/a..b/", "/-x-/", "/%E2%98%83/", "/a//b/"):
        assert client.get(path).status_code in (404, 301), path


def test_each_save_records_a_version_with_who_and_when(editor):
    page = make_page("Versioned", body="First", user=editor)
    page.body = "Second"
    save_page(page=page, user=editor)
    versions = list(page.versions.all())
    assert [version.body for version in versions] == ["Second", "First"]
    assert all(version.created_by == editor for version in versions)


def test_saving_without_changes_records_no_new_version():
    page = make_page("Same")
    save_page(page=page)
    save_page(page=page)
    assert page.versions.count() == 1


def test_last_updated_moves_only_when_published_content_changes():
    page = make_page("Dated", body="Text")
    first = page.last_updated
    page.next_review = None
    save_page(page=page)
    assert page.last_updated == first
    page.body = "New text"
    save_page(page=page)
    assert page.last_updated > first


def test_restoring_a_version_saves_it_as_a_new_version(editor):
    page = make_page("Restorable", body="Original")
    page.body = "Broken edit"
    save_page(page=page)
    original = page.versions.get(body="Original")
    restore_version(version=original, user=editor)
    page.refresh_from_db()
    assert page.body == "Original"
    assert page.versions.count() == 3
    assert PageVersion.objects.filter(page=page).first().created_by == editor


def test_publishing_and_unpublishing_in_bulk(client):
    pages = [make_page(status=Page.Status.DRAFT) for _ in range(3)]
    assert set_status(pages=pages, status=Page.Status.PUBLISHED) == 3
    assert all(client.get(p.get_absolute_url()).status_code == 200 for p in pages)
    assert set_status(pages=pages[:1], status=Page.Status.DRAFT) == 1
    assert client.get(pages[0].get_absolute_url()).status_code == 404


def test_the_body_is_sanitised_when_saved():
    page = make_page("Unsafe", body="Hi <script>alert(1)</script> <img src=x onerror=alert(2)>")
    page.refresh_from_db()
    assert "script" not in page.body_html and "onerror" not in page.body_html


def test_there_is_only_one_home_page():
    make_page("Home", kind=Page.Kind.HOME, slug="")
    with pytest.raises(ValidationError) as error:
        make_page("Second home", kind=Page.Kind.HOME, slug="")
    assert "kind" in error.value.message_dict


@pytest.mark.parametrize("slug", ["Channel", "channel_panel", "channel--panel", "-channel"])
def test_slugs_are_lower_case_words_joined_by_single_hyphens(slug):
    with pytest.raises(ValidationError) as error:
        make_page("Channel", slug=slug)
    assert "slug" in error.value.message_dict


def test_a_blank_slug_is_made_from_the_title():
    page = make_page("Online grooming: keeping safe", slug="")
    assert page.path == "online-grooming-keeping-safe"


def test_missing_files_are_not_redirected_to_a_page_address(client):
    response = client.get("/static/css/missing.css")
    assert response.status_code == 404
