"""The referral audit trail: read-only for officers; nobody adds, changes or deletes."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from core.admin_readonly import ReadOnlyMixin

from ..models import AuditEvent
from .walls import PreventOfficerOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, PreventOfficerOnlyAdmin):
    """Read-only for officers (the wall decides who views); nobody can add, change or
    delete an entry through the site (ReadOnlyMixin, before the wall in the bases)."""

    list_display = ["when", "officer_name", "action", "case_reference", "ip_address", "detail"]
    list_filter = ["action"]
    search_fields = ["=reference", "=officer_username"]
    search_help_text = "Search by referral reference or officer username."
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False
    fields = ["at", "officer_username", "action", "reference", "ip_address", "detail"]
    readonly_fields = fields
    actions = None

    @admin.display(description="When", ordering="at")
    def when(self, obj):
        return format_html(
            '<span class="nowrap">{}</span>',
            timezone.localtime(obj.at).strftime("%d %b %Y %H:%M:%S"),
        )

    @admin.display(description="Officer", ordering="officer_username")
    def officer_name(self, obj):
        return obj.officer_username or "System"

    @admin.display(description="Reference", ordering="reference")
    def case_reference(self, obj):
        return format_html('<span class="nowrap">{}</span>', obj.reference)
