"""Keeping pages current after launch: which pages are due for review, and the weekly
reminder to the content editors (scheduled in pages/tasks.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import queue_email
from core.roles import CONTENT_EDITOR

from .models import Page


def pages_due_for_review(*, today=None):
    """Published pages whose next review date has come (today or earlier), earliest first."""
    today = today or timezone.localdate()
    return (
        Page.objects.published()
        .filter(next_review__lte=today)
        .only("id", "path", "title", "next_review", "owner_role", "kind")
        .order_by("next_review", "path")
    )


def content_editor_addresses():
    """Active content editors' email addresses (a role, so it follows staff changes)."""
    return sorted(
        set(
            get_user_model()
            .objects.filter(
                is_active=True, is_staff=True, groups__name=CONTENT_EDITOR, email__gt=""
            )
            .values_list("email", flat=True)
        )
    )


@transaction.atomic
def send_review_reminder(*, today=None):
    """Queue one email to the content editors listing the pages due or overdue for review.

    Sends nothing when no page is due or nobody has the role. Returns the number of pages
    listed. The email names pages and their owners only: no personal data.
    """
    today = today or timezone.localdate()
    due = list(pages_due_for_review(today=today))
    recipients = content_editor_addresses()
    if not due or not recipients:
        return 0
    rows = [
        {
            "title": page.title,
            "address": page.get_absolute_url(),
            "next_review": page.next_review,
            "overdue_days": (today - page.next_review).days,
            "owner": page.owner_role or "No owner",
            "admin_url": settings.SITE_URL + reverse("admin:pages_page_change", args=[page.pk]),
        }
        for page in due
    ]
    queue_email(
        to=recipients,
        subject=f"{len(rows)} page(s) due for review",
        template="pages_review_due",
        context={
            "pages": rows,
            "list_url": settings.SITE_URL + reverse("admin:pages_page_changelist") + "?review=due",
        },
        topic="pages-review",
    )
    return len(rows)
