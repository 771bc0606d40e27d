"""Structured content editors fill in without Markdown: contacts, the out-of-hours
directory, resources, newsletters, testimonials and the site-wide alert."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .document import Document


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ListedContent(models.Model):
    """What every entry of an ordered public list shares: its place in the list, whether
    it shows, and what load_site_content last wrote.

    Its fields come first in the table; each model's admin lists its form fields in order.
    """

    order = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField(default=True)

    # What load_site_content last wrote (a hash): unchanged since means no editor edited it.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


class Contact(ListedContent):
    """Who to contact for help: a role or service, never a named person."""

    role = models.CharField(max_length=120, help_text="A role or service, never a person's name.")
    when_to_use = models.TextField(help_text="When someone should use this contact.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True, help_text="A team mailbox, never a personal address.")
    hours = models.CharField(
        max_length=120, blank=True, help_text="For example, Monday to Friday, 9am to 5pm."
    )
    is_emergency = models.BooleanField(
        default=False, help_text="Emergency contacts are always listed first."
    )

    class Meta:
        ordering = ["-is_emergency", "order", "role"]

    def __str__(self):
        return self.role

    @property
    def phone_href(self):
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


class OutOfHoursService(ListedContent):
    """A service people can turn to outside office hours."""

    name = models.CharField(max_length=120, help_text="The organisation or service.")
    description = models.TextField(help_text="What it helps with.")
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField("website", blank=True)
    hours = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "out-of-hours service"

    def __str__(self):
        return self.name

    @property
    def phone_href(self):
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


class ResourceCategory(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    # What load_site_content last wrote (a hash): unchanged since means no editor edited it.
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "resource categories"

    def __str__(self):
        return self.name


class Resource(ListedContent):
    """An external resource or e-learning package, with what it offers."""

    category = models.ForeignKey(
        ResourceCategory, on_delete=models.PROTECT, related_name="resources"
    )
    title = models.CharField(max_length=150)
    url = models.URLField("link")
    description = models.TextField()

    class Meta:
        ordering = ["category__order", "order", "title"]

    def __str__(self):
        return self.title


class Newsletter(models.Model):
    title = models.CharField(max_length=150)
    issue_date = models.DateField()
    summary = models.TextField(blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletters",
        help_text="The newsletter file, or give a link instead.",
    )
    url = models.URLField("link", blank=True, help_text="A link to the newsletter online.")
    is_published = models.BooleanField(default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError("Choose a file or give a link (one, not both)")

    @property
    def link(self):
        return self.document.get_absolute_url() if self.document_id else self.url


class Testimonial(ListedContent):
    """What someone who attended training said, attributed by role and organisation only."""

    quote = models.TextField()
    role = models.CharField(max_length=120, help_text="A job role. Never a person's name.")
    organisation = models.CharField(max_length=150)
    course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
        help_text="Leave empty for feedback about Prevent training in general.",
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.role}, {self.organisation}"


class SiteAlertQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        return self.filter(is_active=True, ends_at__gt=now or timezone.now())


class SiteAlert(models.Model):
    """A banner across the top of every page until its end date."""

    title = models.CharField(max_length=80, default="Important")
    message = models.CharField(max_length=300)
    link_url = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: an address on this site (/get-help/) or https://...",
    )
    link_text = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField("switched on", default=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(help_text="The banner disappears by itself at this time.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SiteAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return self.message[:60]

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start"
        on_site = self.link_url.startswith("/") and not self.link_url.startswith("//")
        if self.link_url and not (on_site or self.link_url.startswith("https://")):
            errors["link_url"] = (
                "Enter an address on this site, starting with /, or one starting with https://"
            )
        if bool(self.link_url) != bool(self.link_text):
            errors["link_text"] = "Give both a link and its text, or neither"
        if errors:
            raise ValidationError(errors)
