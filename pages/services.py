"""Writes to content that must stay consistent: saving, publishing and restoring pages.

Every function is keyword-only and runs in one transaction.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Page, PageRedirect, PageVersion


def _record_version(*, page, user):
    """Store a PageVersion unless the page's content is the same as its latest version."""
    snapshot = {name: getattr(page, name) for name in PageVersion.SNAPSHOT_FIELDS}
    latest = page.versions.order_by("-created_at", "-id").first()
    if latest is not None and latest.snapshot() == snapshot:
        return None
    return PageVersion.objects.create(page=page, created_by=user, **snapshot)


def _move_descendants(*, page, old_path):
    """Give every sub-page its new address, leaving a redirect at each old one."""
    moved = []
    for child in Page.objects.filter(path__startswith=f"{old_path}/").order_by("path"):
        child_old = child.path
        child.path = page.path + child_old[len(old_path) :]
        moved.append((child_old, child))
    if moved:
        Page.objects.bulk_update([child for _, child in moved], ["path"])
    return moved


@transaction.atomic
def save_page(*, page, user=None, changed_at=None):
    """Validate and save a page; return it.

    Guarantees, in one transaction:
    - the Markdown body is rendered and sanitised (Page.save);
    - if its address changed (new slug or new parent), every old address of the page and
      of its sub-pages answers with a permanent redirect to the new one, and any redirect
      that pointed away from an address now in use is dropped;
    - `last_updated` moves only when published content changed: to `changed_at` if given
      (the content file's review date, when load_site_content writes it), else now;
    - one PageVersion records the content, who saved it and when (none if nothing changed).
    Raises ValidationError (from full_clean) if the page is not valid.
    """
    page.full_clean()
    previous = None
    if page.pk:
        previous = (
            Page.objects.select_for_update()
            .filter(pk=page.pk)
            .values("path", "title", "summary", "body", "status")
            .first()
        )
    content_changed = previous is None or any(
        previous[name] != getattr(page, name) for name in ("title", "summary", "body", "status")
    )
    if page.is_published and (content_changed or page.last_updated is None):
        page.last_updated = changed_at or timezone.now()
    if user is not None and user.is_authenticated:
        page.updated_by = user
    page.save()

    moved = []
    if previous is not None and previous["path"] != page.path:
        moved = [(previous["path"], page), *_move_descendants(page=page, old_path=previous["path"])]
        for old_path, moved_page in moved:
            PageRedirect.objects.update_or_create(old_path=old_path, defaults={"page": moved_page})
    # An address that is a page again must not also redirect elsewhere.
    new_paths = [page.path] + [moved_page.path for _, moved_page in moved[1:]]
    PageRedirect.objects.filter(old_path__in=new_paths).delete()

    _record_version(page=page, user=user if user is not None and user.is_authenticated else None)
    return page


@transaction.atomic
def set_status(*, pages, status, user=None):
    """Publish or unpublish each page (a version is recorded for each one that changes)."""
    changed = 0
    for page in Page.objects.select_for_update().filter(pk__in=[p.pk for p in pages]):
        if page.status != status:
            page.status = status
            save_page(page=page, user=user)
            changed += 1
    return changed


@transaction.atomic
def restore_version(*, version, user=None):
    """Put a previous version's title, summary and body back (status is left alone).

    The restore is itself saved as a new version, so nothing is lost.
    """
    page = Page.objects.select_for_update().get(pk=version.page_id)
    page.title = version.title
    page.summary = version.summary
    page.body = version.body
    return save_page(page=page, user=user)


@transaction.atomic
def record_review(*, page, user=None, today=None):
    """Record that someone checked the page is still correct; return the page.

    Sets last_reviewed to today and next_review `review_every_days` ahead. The content,
    "Last updated" and the load hash are left alone: a review is not a change, so the
    page still follows its content file at the next load if no words were edited.
    """
    today = today or timezone.localdate()
    page.last_reviewed = today
    page.next_review = today + timedelta(days=page.review_every_days or 365)
    fields = {"last_reviewed": page.last_reviewed, "next_review": page.next_review}
    if user is not None and user.is_authenticated:
        fields["updated_by"] = user
        page.updated_by = user
    Page.objects.filter(pk=page.pk).update(**fields)
    return page
