"""The email queue and the periodic jobs in the admin, read-only, for site administrators.

Staff see each email's subject, recipient domain, status, attempts, times and the reason
it failed, never its addresses or text (a sent row no longer has them; a queued one has
them only encrypted). "Resend" puts failed emails back in the queue through
core.emails.resend_email.
"""

from django.contrib import admin, messages

from .admin_readonly import ReadOnlyAdmin
from .emails import resend_email
from .models import JobRun, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = (
        "subject",
        "recipient_domain",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
    )
    list_filter = ("status",)
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "recipient_domain",
        "status",
        "attempts",
        "last_error",
        "message_id",
        "created_at",
        "next_attempt_at",
        "last_attempt_at",
        "sent_at",
        "topic",
    )
    readonly_fields = fields
    actions = ["resend"]

    def has_resend_permission(self, request):
        return request.user.has_perm("core.resend_outboundemail")

    @admin.action(description="Resend the selected failed emails", permissions=["resend"])
    def resend(self, request, queryset):
        ids = list(queryset.filter(status=OutboundEmail.Status.FAILED).values_list("pk", flat=True))
        resent = sum(resend_email(email_id=pk) for pk in ids)
        skipped = queryset.count() - resent
        self.message_user(request, f"{resent} email{'s' if resent != 1 else ''} queued again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} not resent: only failed emails whose content is still kept can be.",
                level=messages.WARNING,
            )


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_succeeded_at", "last_started_at", "last_failed_at", "last_error")
    readonly_fields = (
        "name",
        "first_seen_at",
        "last_enqueued_at",
        "last_started_at",
        "last_succeeded_at",
        "last_failed_at",
        "last_error",
    )
