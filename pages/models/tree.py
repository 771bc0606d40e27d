"""The page tree: pages, their old addresses, their versions and attached documents."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core.models import staff_reference

from ..rendering import render_markdown

# First path segments owned by other routes; a top-level page may not take them.
RESERVED_SLUGS = {
    "admin",
    "documents",
    "healthz",
    "media",
    "preview",
    "referrals",
    "robots.txt",
    "search",
    "sitemap.xml",
    "static",
    "training",
}
PATH_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Page.Status.PUBLISHED)


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard page"
        HOME = "home", "Home page"
        GET_HELP = "get_help", "Get help: lists the contacts and out-of-hours services"
        RESOURCES = "resources", "Resources: lists the resources by category"
        NEWSLETTERS = "newsletters", "Newsletters: lists the newsletters, newest first"
        LEARNING = "learning", "Learning and development: shows the training testimonials"

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty for a top-level page.",
    )
    slug = models.SlugField(
        max_length=80,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                "Use lower-case letters, numbers and single hyphens only, like channel-panel",
            )
        ],
        help_text="The last part of the page's address: lower-case words joined by hyphens. "
        "If you change it, the old address keeps working.",
    )
    # "about-prevent/channel": looked up in one query; kept current by services.save_page.
    path = models.CharField(max_length=255, unique=True, editable=False)
    title = models.CharField(max_length=120)
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown under the title, in lists and in search results.",
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown. ## starts a section heading, - starts a bullet, "
        "[link text](https://...) makes a link. Pages with 3 or more sections get a contents list.",
    )
    body_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    contents = models.JSONField(default=list, blank=True, editable=False)
    kind = models.CharField(
        "page type", max_length=20, choices=Kind, default=Kind.STANDARD, db_index=True
    )
    is_guide = models.BooleanField(
        "is a guide",
        default=False,
        help_text="Show this page and its sub-pages as the parts of one guide, "
        "with a list of parts and Previous and Next links.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    show_on_home_page = models.BooleanField(
        "list on the home page",
        default=True,
        help_text="Top-level pages only: list this page under Guidance and support on the home page.",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first in lists, guides and navigation."
    )
    documents = models.ManyToManyField("Document", through="PageDocument", blank=True)
    last_updated = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the published content changed."
    )
    next_review = models.DateField(
        null=True, blank=True, help_text="When the team should next check this page is correct."
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When someone last checked this page was correct.",
    )
    review_every_days = models.PositiveIntegerField(
        "review every (days)",
        null=True,
        blank=True,
        default=365,
        help_text="Publishing the page unchanged records a review and sets the next one this "
        "many days ahead (365 if empty).",
    )
    owner_role = models.CharField(
        "owner",
        max_length=60,
        blank=True,
        help_text="The role that keeps this page correct, for example Content editor.",
    )
    sources = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The official documents the page's facts come from: [{title, url}].",
    )
    show_exit_this_page = models.BooleanField(
        "show Exit this page",
        default=False,
        help_text="For pages people may read at home about someone close to them: a button "
        "that leaves the site at once (Shift pressed 3 times does the same).",
    )
    # What `manage.py load_site_content` last wrote (content/ file path and a hash of the
    # fields it manages): while the row still hashes the same, no editor has changed it.
    content_file = models.CharField(max_length=200, blank=True, editable=False)
    loaded_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = staff_reference(editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        indexes = [models.Index(fields=["parent", "status", "order"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="home"), name="pages_one_home_page"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised on every save, whoever saves: the stored HTML is never raw editor input.
        self.render()
        self.path = self.build_path()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/{self.path}/" if self.path else "/"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_home(self):
        return self.kind == self.Kind.HOME

    def build_path(self):
        if self.is_home:
            return ""
        parent_path = self.parent.path if self.parent_id else ""
        return f"{parent_path}/{self.slug}" if parent_path else self.slug

    def clean(self):
        errors = {}
        if self.is_home:
            if self.parent_id:
                errors["parent"] = "The home page cannot have a parent page"
            if Page.objects.filter(kind=Page.Kind.HOME).exclude(pk=self.pk).exists():
                errors["kind"] = "There is already a home page: choose another page type"
            self.slug = ""
        else:
            if not self.slug:
                self.slug = re.sub(r"[-_]+", "-", slugify(self.title))[:80].strip("-")
            if not self.slug:
                errors["slug"] = "Enter a slug"
            elif not self.parent_id and self.slug in RESERVED_SLUGS:
                errors["slug"] = f"The address /{self.slug}/ is used by another part of the site"
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = "A page cannot be inside itself or one of its sub-pages"
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if self.parent_id and self.parent.is_home:
            errors["parent"] = "Leave the parent empty for a top-level page"
        if not errors:
            self.path = self.build_path()
            if Page.objects.filter(path=self.path).exclude(pk=self.pk).exists():
                errors["slug"] = f"Another page already uses the address {self.get_absolute_url()}"
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude=None):
        # clean() checks the address with a message an editor understands (the unique
        # index stays as the backstop), and path is only current once clean() has run.
        super().validate_unique(exclude={*(exclude or ()), "path"})

    def render(self):
        """Turn the Markdown body into sanitised HTML, plain text and a contents list."""
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.body_text = rendered.text
        self.contents = rendered.contents


class PageRedirect(models.Model):
    """An old address of a page, answered with a permanent redirect to where it is now."""

    old_path = models.CharField(max_length=255, unique=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"/{self.old_path}/ → {self.page.get_absolute_url()}"


class PageVersion(models.Model):
    """A page's content as one save left it, with who saved it and when."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = staff_reference()
    title = models.CharField(max_length=120)
    summary = models.TextField()
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Page.Status)
    path = models.CharField(max_length=255)

    SNAPSHOT_FIELDS = ("title", "summary", "body", "status", "path")

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.created_at):%d %b %Y %H:%M})"

    def snapshot(self):
        return {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}


class PageDocument(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("Document", on_delete=models.PROTECT, related_name="attachments")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "attached document"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "document"], name="pages_document_once_per_page"
            )
        ]

    def __str__(self):
        return f"{self.document} on {self.page}"
