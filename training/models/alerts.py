"""New-date alerts: people who asked to hear when a course has new dates."""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .catalogue import Course


class DateAlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class DateAlert(models.Model):
    """One address subscribed to one course's new dates.

    Double opt-in: nothing is sent but the confirmation email until `confirmed_at` is
    set. The row (and so the address) is deleted when the person unsubscribes, and an
    unconfirmed one after CONFIRM_WITHIN: addresses are kept only while subscribed.
    """

    CONFIRM_WITHIN = timezone.timedelta(days=7)

    # Signed into the confirm and unsubscribe links: not the sequential id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="date_alerts")
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = DateAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "course", name="training_one_date_alert_per_email_and_course"
            )
        ]

    def __str__(self):
        return f"New-date alert for {self.course}"
