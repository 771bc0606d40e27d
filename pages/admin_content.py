"""Admin for the structured content editors fill in without writing Markdown.

The listed models (Contact, Resource, ...) take order and is_published from a shared
base, which puts them first in the table: their admins name `fields` to keep the form
in reading order, with those two last.
"""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from .forms import DocumentAdminForm
from .models import (
    Contact,
    Document,
    Newsletter,
    OutOfHoursService,
    PageDocument,
    PageRedirect,
    Resource,
    ResourceCategory,
    SiteAlert,
    Testimonial,
)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["role", "phone", "email", "is_emergency", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_emergency", "is_published"]
    search_fields = ["role", "when_to_use", "email", "phone"]
    fields = [
        "role",
        "when_to_use",
        "phone",
        "email",
        "hours",
        "is_emergency",
        "order",
        "is_published",
    ]


@admin.register(OutOfHoursService)
class OutOfHoursServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "hours", "order", "is_published"]
    list_editable = ["order", "is_published"]
    search_fields = ["name", "description"]
    fields = ["name", "description", "phone", "url", "hours", "order", "is_published"]


class AttachedToInline(admin.TabularInline):
    model = PageDocument
    extra = 0
    fields = ["page", "order"]
    verbose_name = "page this document is attached to"
    verbose_name_plural = "Attached to these pages"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = ["title", "file_type", "size_display", "published_on", "is_published"]
    list_filter = ["file_type", "is_published"]
    search_fields = ["title", "description"]
    readonly_fields = ["file_type", "size_display", "public_link"]
    fields = [
        "title",
        "description",
        "file",
        "file_type",
        "size_display",
        "published_on",
        "is_published",
        "public_link",
    ]
    inlines = [AttachedToInline]

    @admin.display(description="size", ordering="size")
    def size_display(self, document):
        return filesizeformat(document.size) if document.size else "–"

    @admin.display(description="public link")
    def public_link(self, document):
        return document.get_absolute_url() if document.pk else "–"


@admin.register(ResourceCategory)
class ResourceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "url", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["category", "is_published"]
    list_select_related = ["category"]
    search_fields = ["title", "description", "url"]
    fields = ["category", "title", "url", "description", "order", "is_published"]


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["title", "issue_date", "document", "url", "is_published"]
    list_filter = ["is_published"]
    list_select_related = ["document"]
    search_fields = ["title", "summary"]
    date_hierarchy = "issue_date"


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin):
    list_display = ["short_quote", "role", "organisation", "course", "order", "is_published"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published", "course"]
    list_select_related = ["course"]
    search_fields = ["quote", "role", "organisation"]
    fields = ["quote", "role", "organisation", "course", "is_published", "order"]

    @admin.display(description="quote")
    def short_quote(self, testimonial):
        return testimonial.quote[:80] + ("…" if len(testimonial.quote) > 80 else "")


@admin.register(SiteAlert)
class SiteAlertAdmin(admin.ModelAdmin):
    list_display = ["message", "is_active", "starts_at", "ends_at"]
    list_filter = ["is_active"]


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    """Old addresses kept working after a page moved. Made automatically; delete to retire."""

    list_display = ["old_path", "page", "created_at"]
    list_select_related = ["page"]
    search_fields = ["old_path", "page__title"]
    readonly_fields = ["old_path", "page", "created_at"]

    def has_add_permission(self, request):
        return False
