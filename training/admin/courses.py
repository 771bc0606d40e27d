"""Courses and venues. Sessions are listed on their course read-only: they change only
through the session's own page (services.change_session)."""

from django.contrib import admin

from ..models import Course, Session, Venue


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    can_delete = False
    fields = ["starts_at", "ends_at", "delivery", "venue", "room", "capacity", "status"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-starts_at"]
    verbose_name_plural = "sessions (open one to change it: delegates are emailed)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "booking_method", "is_published", "order"]
    list_editable = ["is_published", "order"]
    list_filter = ["is_published", "format", "booking_method"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "is_published", "order"]}),
        (
            "About the course",
            {"fields": ["description", "covers", "audience", "duration", "format"]},
        ),
        (
            "How to book",
            {
                "fields": [
                    "booking_method",
                    "council_staff_book_through_hr",
                    "offers_group_sessions",
                    "external_url",
                    "booking_instructions",
                    "booking_contact_email",
                ]
            },
        ),
    ]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "postcode"]
    search_fields = ["name", "town", "postcode"]
