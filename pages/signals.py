"""Keep the "content changed" marker and the cached site alert current.

Every public page's ETag includes when any content last changed, so editing a
contact, a document or an alert shows on every page at once (no stale 304s).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from . import models
from .selectors import forget_site_alerts

TRACKED = (
    models.Page,
    models.PageDocument,
    models.PageRedirect,
    models.Document,
    models.Contact,
    models.OutOfHoursService,
    models.ResourceCategory,
    models.Resource,
    models.Newsletter,
    models.Testimonial,
    models.SiteAlert,
)


def mark_content_changed(**kwargs):
    if kwargs.get("raw") or not kwargs.get("action", "post_").startswith("post_"):
        return
    models.ContentChange.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    if kwargs.get("sender") is models.SiteAlert:
        forget_site_alerts()
        # Other processes' caches expire within a minute; this one forgets after commit too,
        # so a concurrent request cannot put the old alert back.
        transaction.on_commit(forget_site_alerts)


def connect():
    for model in TRACKED:
        uid = f"pages-content-changed-{model.__name__}"
        post_save.connect(mark_content_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(mark_content_changed, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        mark_content_changed,
        sender=models.Page.documents.through,
        dispatch_uid="pages-content-changed-attachments",
    )
