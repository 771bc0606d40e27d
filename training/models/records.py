"""What the training team did (the action log) and booking answers in progress (drafts)."""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone

from core.encryption import EncryptedJSON
from core.models import AppendOnlyQuerySet, staff_reference

from .bookings import Booking
from .catalogue import Session

DRAFT_IDLE_LIMIT = timedelta(hours=2)


class ActionLogQuerySet(AppendOnlyQuerySet):
    record_name = "training action log"


class ActionLogEntry(models.Model):
    """Who did what to a session or booking, and when (pretix's `log_action`, in small).

    Written by `training.services.log.log_action` inside the transaction of the change
    it records, so a change and its entry commit or roll back together. `action` is a
    namespaced code ("training.session.changed"); `data` says what changed, never a
    delegate's contact details.
    """

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="log_entries", null=True, blank=True
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="log_entries", null=True, blank=True
    )
    user = staff_reference()
    action = models.CharField(max_length=60)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "action log entries"

    def __str__(self):
        return f"{self.action} at {self.at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("The training action log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The training action log cannot be deleted.")


class BookingDraftQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(updated_at__gte=(now or timezone.now()) - DRAFT_IDLE_LIMIT)

    def idle(self, now=None):
        """The drafts `live` leaves out: untouched for longer than DRAFT_IDLE_LIMIT."""
        return self.filter(updated_at__lt=(now or timezone.now()) - DRAFT_IDLE_LIMIT)


class BookingDraft(models.Model):
    """A visitor's booking answers in progress, encrypted with the kernel's MESSAGE_ENCRYPTION_KEYS (core.encryption).

    The Django session holds only this row's random id, never the answers: no name,
    email, phone or access needs in the session table. Deleted when the booking is made
    and after 2 hours idle (training.tasks.expire_booking_drafts).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    payload_encrypted = models.TextField()
    # The answers, decrypted once per instance; assigning one encrypts it.
    payload = EncryptedJSON("payload_encrypted")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = BookingDraftQuerySet.as_manager()

    def __str__(self):
        return f"Booking draft started {self.created_at:%d %B %Y %H:%M}"
