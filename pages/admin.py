"""The admin the Community Safety Team uses to keep the site current.

Pages: list, search and filter by status; edit with a preview of unsaved changes
(a Preview button posts the form to a view that renders the public template
without saving, in a new tab, no JavaScript needed); a Save and publish button;
every save recorded as a PageVersion with who and when, viewable and restorable;
navigation order edited straight in the list. The structured content (contacts,
documents, resources, newsletters, testimonials, the site alert) is in
admin_content.py.
"""

import difflib
from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.admin_readonly import NoAddOrChangeMixin

from . import services
from .models import Page, PageDocument, PageVersion
from .selectors import page_context

# "Due soon" looks this far ahead, so an owner has time to check a page before it is overdue.
REVIEW_DUE_SOON_DAYS = 30


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due or overdue"),
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {REVIEW_DUE_SOON_DAYS} days"),
            ("none", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + timedelta(days=REVIEW_DUE_SOON_DAYS)
        if self.value() == "due":
            return queryset.filter(next_review__lte=soon).order_by("next_review")
        if self.value() == "overdue":
            return queryset.filter(next_review__lt=today).order_by("next_review")
        if self.value() == "soon":
            return queryset.filter(next_review__gte=today, next_review__lte=soon)
        if self.value() == "none":
            return queryset.filter(next_review__isnull=True)
        return queryset


class PageDocumentInline(admin.TabularInline):
    model = PageDocument
    extra = 1
    fields = ["document", "order"]
    verbose_name = "attached document"
    verbose_name_plural = "Attached documents (upload new files under Documents)"


class PageVersionInline(NoAddOrChangeMixin, admin.TabularInline):
    model = PageVersion
    extra = 0
    can_delete = False
    fields = ["created_at", "created_by", "status", "title", "view_link"]
    readonly_fields = fields
    verbose_name_plural = "Version history (newest first)"

    @admin.display(description="")
    def view_link(self, version):
        if version.pk is None:  # a version row posted to the page (tampered): no link
            return ""
        url = reverse("admin:pages_page_version", args=[version.page_id, version.pk])
        return format_html('<a href="{}">View this version</a>', url)


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "address",
        "status",
        "kind",
        "order",
        "last_updated",
        "review",
        "owner_role",
        "updated_by",
    ]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["status", "kind", ReviewDueFilter, "is_guide"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "path", "summary", "body"]
    ordering = ["path"]
    actions = ["publish", "unpublish"]
    inlines = [PageDocumentInline, PageVersionInline]
    readonly_fields = ["address", "last_updated", "last_reviewed", "updated_by", "source_list"]
    radio_fields = {"status": admin.HORIZONTAL}
    fieldsets = [
        (None, {"fields": ["title", "summary", "body"]}),
        (
            "Publishing and review",
            {
                "description": "Checked the page and it is still right? Press Save and "
                "publish without changing anything: that records the review and sets the "
                "next one.",
                "fields": [
                    "status",
                    "owner_role",
                    "last_reviewed",
                    "next_review",
                    "review_every_days",
                    "last_updated",
                    "updated_by",
                    "source_list",
                ],
            },
        ),
        (
            "Place in the site",
            {
                "fields": [
                    "parent",
                    "slug",
                    "address",
                    "order",
                    "kind",
                    "is_guide",
                    "show_exit_this_page",
                ]
            },
        ),
    ]

    @admin.display(description="address", ordering="path")
    def address(self, page):
        return page.get_absolute_url() if page.pk else "–"

    @admin.display(description="next review", ordering="next_review")
    def review(self, page):
        if page.next_review is None:
            return "–"
        today = timezone.localdate()
        if page.next_review < today:
            label = "overdue"
        elif page.next_review <= today + timedelta(days=REVIEW_DUE_SOON_DAYS):
            label = "due soon"
        else:
            return f"{page.next_review:%d %b %Y}"
        return format_html("{} <strong>({})</strong>", f"{page.next_review:%d %b %Y}", label)

    @admin.display(description="sources (from the content file)")
    def source_list(self, page):
        if not page.sources:
            return "–"
        return format_html_join(
            "", '<div><a href="{}">{}</a></div>', ((s["url"], s["title"]) for s in page.sources)
        )

    def save_model(self, request, obj, form, change):
        publishing = "_publish" in request.POST
        # An unchanged save-and-publish of a published page is a review (the page is right).
        reviewed = publishing and change and not form.has_changed() and obj.is_published
        if publishing:
            obj.status = Page.Status.PUBLISHED
        services.save_page(page=obj, user=request.user)
        if reviewed:
            services.record_review(page=obj, user=request.user)
            self.message_user(
                request,
                f"Review of “{obj}” recorded: next review due {obj.next_review:%d %B %Y}.",
                messages.SUCCESS,
            )

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            self.message_user(request, f"“{obj}” is published at {obj.get_absolute_url()}")
            return HttpResponseRedirect(reverse("admin:pages_page_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            self.message_user(request, f"“{obj}” is published at {obj.get_absolute_url()}")
            return HttpResponseRedirect(reverse("admin:pages_page_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="Publish the selected pages", permissions=["change"])
    def publish(self, request, queryset):
        changed = services.set_status(
            pages=list(queryset), status=Page.Status.PUBLISHED, user=request.user
        )
        self.message_user(request, f"{changed} page(s) published.", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected pages (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        changed = services.set_status(
            pages=list(queryset), status=Page.Status.DRAFT, user=request.user
        )
        self.message_user(request, f"{changed} page(s) back to draft.", messages.SUCCESS)

    # --- Preview and versions ---------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("preview/", wrap(self.preview_new_view), name="pages_page_preview_new"),
            path("<int:object_id>/preview/", wrap(self.preview_view), name="pages_page_preview"),
            path(
                "<int:object_id>/versions/<int:version_id>/",
                wrap(self.version_view),
                name="pages_page_version",
            ),
            *super().get_urls(),
        ]

    def _render_preview(self, request, page, **extra):
        context = {
            "page": page,
            **page_context(page).as_dict(),
            "is_preview": True,
            **extra,
        }
        template = "pages/home.html" if page.is_home else "pages/page.html"
        response = render(request, template, context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _preview_posted_form(self, request, page):
        form_class = self.get_form(request, page, change=page is not None)
        form = form_class(request.POST, request.FILES, instance=page)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/pages/page/preview_errors.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "form": form,
                    "title": "The page cannot be previewed yet",
                },
                status=400,
            )
        draft = form.instance
        # Rendered exactly as saving would, but nothing is written.
        draft.render()
        draft.path = draft.build_path()
        back = (
            reverse("admin:pages_page_change", args=[draft.pk])
            if draft.pk
            else reverse("admin:pages_page_add")
        )
        return self._render_preview(request, draft, preview_unsaved=True, preview_back_url=back)

    def preview_new_view(self, request):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:pages_page_add"))
        if not self.has_add_permission(request):
            raise PermissionDenied
        return self._preview_posted_form(request, None)

    def preview_view(self, request, object_id):
        page = self.get_object(request, str(object_id))
        if page is None:
            raise Http404("No such page")
        if request.method == "POST":
            if not self.has_change_permission(request, page):
                raise PermissionDenied
            return self._preview_posted_form(request, page)
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        back = reverse("admin:pages_page_change", args=[page.pk])
        return self._render_preview(request, page, preview_back_url=back)

    def version_view(self, request, object_id, version_id):
        page = self.get_object(request, str(object_id))
        if page is None:
            raise Http404("No such page")
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        version = get_object_or_404(
            PageVersion.objects.select_related("created_by"), pk=version_id, page=page
        )
        if request.method == "POST":
            if not self.has_change_permission(request, page):
                raise PermissionDenied
            services.restore_version(version=version, user=request.user)
            self.message_user(
                request,
                "The version is restored (as a new version). Its status has not changed.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:pages_page_change", args=[page.pk]))
        if request.GET.get("view") == "page":
            shown = Page(
                pk=page.pk,
                parent=page.parent,
                slug=page.slug,
                kind=page.kind,
                is_guide=page.is_guide,
                title=version.title,
                summary=version.summary,
                body=version.body,
                status=version.status,
            )
            shown.render()
            shown.path = page.path
            back = reverse("admin:pages_page_version", args=[page.pk, version.pk])
            return self._render_preview(
                request, shown, preview_of_version=version, preview_back_url=back
            )
        diff = difflib.unified_diff(
            version.body.splitlines(),
            page.body.splitlines(),
            fromfile="this version",
            tofile="current page",
            lineterm="",
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "version": version,
            "diff": "\n".join(diff),
            "title": f"Version of “{page}”",
            "can_restore": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "admin/pages/page/version.html", context)


# Registers the structured-content admins.
from . import admin_content  # noqa: E402, F401
