"""The case list and the case record, for Prevent officers only (see walls.py).

Officers see the list (reference, received, how long a new referral has waited, stage,
district, assigned officer; search by reference only), and each record with its
answers decrypted, its timeline and its access log. Every response that shows decrypted
answers is audited: the record (GET, and a refused post that shows the form again), the
history, the print view and the export for the police. Changes go through the services,
which audit them in the same transaction.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core.ratelimit import client_ip

from .. import journey, police_export, selectors, services, working_days
from ..models import AuditEvent, Referral, Stage
from . import officers as officer_pages
from .case_form import ReferralCaseForm
from .walls import PreventOfficerOnlyAdmin


@admin.register(Referral)
class ReferralAdmin(PreventOfficerOnlyAdmin):
    form = ReferralCaseForm
    change_list_template = "admin/referrals/referral/change_list.html"
    change_form_template = "admin/referrals/referral/change_form.html"
    list_display = [
        "case_reference",
        "received_on",
        "waiting",
        "stage",
        "district",
        "assigned_officer",
    ]
    list_filter = ["stage", "district", ("assigned_officer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["assigned_officer"]
    # By reference only: nothing else searchable is in clear, and names must never be typed
    # into a URL (the search box puts its words in the query string).
    search_fields = ["=reference"]
    search_help_text = "Search by reference, like PR-ABCD2346."
    date_hierarchy = "received_at"
    list_per_page = 50
    show_full_result_count = False
    actions = ["export_statistics"]
    readonly_fields = [
        "reference",
        "received_at",
        "stage",
        "stage_changed_at",
        "delete_after",
        "referrer_sector",
        "district",
        "age_band",
        "concern_type",
        "statistics_dates",
        "answers_display",
        "timeline_display",
        "access_log_display",
    ]

    def get_queryset(self, request):
        return selectors.referrals_for_case_list()

    def extra_urls(self):
        view = self.admin_site.admin_view
        return [
            path("officers/", view(officer_pages.officers_page), name="referrals_officers"),
            path(
                "<path:object_id>/print/",
                view(self.print_view),
                name="referrals_referral_print",
            ),
            path(
                "<path:object_id>/share-with-police/",
                view(self.police_export_view),
                name="referrals_referral_police_export",
            ),
        ]

    def get_fieldsets(self, request, obj=None):
        case = ["reference", "received_at", "stage", "stage_changed_at", "assigned_officer"]
        return [
            ("Case", {"fields": [*case, "delete_after"]}),
            ("Referral answers (decrypted for you)", {"fields": ["answers_display"]}),
            ("Timeline", {"fields": ["timeline_display"]}),
            (
                "Move the case on",
                {
                    "fields": [
                        "new_stage",
                        "occurred_on",
                        "gateway_decision_date",
                        "consent_recorded_on",
                        "support_plan",
                        "note",
                    ],
                    "description": "Each change is dated, recorded against your name and "
                    "added to the audit trail. Notes and support plans are stored encrypted. "
                    "A note with no new stage is added on its own.",
                },
            ),
            (
                "Record a panel review (while the case is adopted)",
                {"fields": ["review_on", "review_note", "next_review_on"]},
            ),
            (
                "Statistics (kept after the personal data is erased)",
                {
                    "fields": [
                        "referrer_sector",
                        "district",
                        "age_band",
                        "concern_type",
                        "statistics_dates",
                    ],
                },
            ),
            ("Access log: who opened or changed this record", {"fields": ["access_log_display"]}),
        ]

    def has_add_permission(self, request):
        # Referrals arrive only through the public form.
        return False

    @admin.display(description="Reference", ordering="reference")
    def case_reference(self, obj):
        return format_html('<span class="nowrap">{}</span>', obj.reference)

    @admin.display(description="Received", ordering="received_at")
    def received_on(self, obj):
        return timezone.localtime(obj.received_at).strftime("%d %b %Y")

    @admin.display(description="Waiting")
    def waiting(self, obj):
        """How long a new referral has waited to be shared with the police, flagged once it
        is more than one working day (England's bank holidays not counted)."""
        if obj.stage != Stage.RECEIVED:
            return "–"
        days = working_days.working_days_waited(obj.received_at)
        text = f"{days} working day{'s' if days != 1 else ''}"
        if working_days.is_overdue(obj):
            return format_html(
                '<strong class="app-overdue">{}: overdue, share with police</strong>', text
            )
        return text

    @admin.display(description="Dates")
    def statistics_dates(self, obj):
        return render_to_string("admin/referrals/statistics_dates.html", {"referral": obj})

    @admin.display(description="Answers")
    def answers_display(self, obj):
        if obj.is_erased:
            return render_to_string("admin/referrals/erased.html", {"referral": obj})
        # Decrypting here raises ReferralDecryptionError loudly if the key is wrong:
        # the page fails rather than show anything that is not the answers.
        answers = obj.answers.get("steps", {})
        return render_to_string(
            "admin/referrals/answers.html", {"sections": journey.sections(answers)}
        )

    @admin.display(description="Stages")
    def timeline_display(self, obj):
        return render_to_string(
            "admin/referrals/timeline.html",
            {"changes": selectors.timeline(obj), "referral": obj},
        )

    @admin.display(description="Latest 50 entries")
    def access_log_display(self, obj):
        return render_to_string(
            "admin/referrals/access_log.html",
            {"events": selectors.access_log(obj), "referral": obj},
        )

    # The page decrypts the answers: error reports show none of the variables below here,
    # and none of the posted note or support plan.
    @method_decorator(sensitive_variables())
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = sensitive_post_parameters()(super().change_view)(
            request, object_id, form_url, extra_context
        )
        if response.status_code == 200:
            referral = self.get_object(request, object_id)
            if referral is not None:
                # A refused post shows the decrypted answers again: audited like a view.
                action = (
                    AuditEvent.Action.VIEW
                    if request.method == "GET"
                    else AuditEvent.Action.VIEW_REJECTED
                )
                self._record_access(request, referral, action)
        return response

    @staticmethod
    def _record_access(request, referral, action):
        services.record_access(
            referral=referral, officer=request.user, action=action, ip_address=client_ip(request)
        )

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        referral = self.get_object(request, object_id)
        if referral is not None and response.status_code == 200:
            self._record_access(request, referral, AuditEvent.Action.VIEW_HISTORY)
        return response

    @method_decorator(never_cache)
    @method_decorator(sensitive_variables())
    def print_view(self, request, object_id):
        """The answers and timeline on one printable page. Audited as a print."""
        referral = get_object_or_404(self.get_queryset(request), pk=object_id)
        response = TemplateResponse(
            request,
            "admin/referrals/print.html",
            {
                **self.admin_site.each_context(request),
                "referral": referral,
                "sections": [] if referral.is_erased else police_export.sections(referral),
                "changes": selectors.timeline(referral),
                "title": f"Referral {referral.reference}",
            },
        )
        response.render()
        self._record_access(request, referral, AuditEvent.Action.PRINT)
        return response

    @method_decorator(never_cache)
    @method_decorator(sensitive_variables())
    def police_export_view(self, request, object_id):
        """A PDF of the answers in the order of the National Prevent Referral Form's
        sections, for the secure route to Counter Terrorism Policing. Audited as an export,
        in the same transaction as the document is made."""
        referral = get_object_or_404(self.get_queryset(request), pk=object_id)
        if referral.is_erased:
            messages.error(request, "This referral’s personal data has been erased.")
            return self.response_post_save_change(request, referral)
        content = services.export_for_police(
            referral_id=referral.pk, officer=request.user, ip_address=client_ip(request)
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="prevent-referral-{referral.reference}.pdf"'
        )
        return response

    def save_model(self, request, obj, form, change):
        # Writes go through the services (locks, audit, retention dates), never obj.save().
        data = form.cleaned_data
        ip = client_ip(request)
        try:
            if "assigned_officer" in form.changed_data:
                services.assign_officer(
                    referral_id=obj.pk,
                    assignee=data["assigned_officer"],
                    officer=request.user,
                    ip_address=ip,
                )
            if form.review_given:
                services.record_review(
                    referral_id=obj.pk,
                    occurred_on=data["review_on"],
                    note=data["review_note"],
                    next_review_on=data["next_review_on"],
                    officer=request.user,
                    ip_address=ip,
                )
            if step := form.stage_step:
                services.change_stage(
                    referral_id=obj.pk, step=step, officer=request.user, ip_address=ip
                )
            elif (data.get("note") or "").strip():
                services.add_note(
                    referral_id=obj.pk,
                    occurred_on=data.get("occurred_on") or timezone.localdate(),
                    note=data["note"],
                    officer=request.user,
                    ip_address=ip,
                )
        except ValidationError as error:
            # Someone else moved the case on between the form's check and this save.
            messages.error(request, " ".join(error.messages))
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.delete_referral(
            referral_id=obj.pk, officer=request.user, ip_address=client_ip(request)
        )

    def delete_queryset(self, request, queryset):
        for referral_id in queryset.values_list("pk", flat=True):
            services.delete_referral(
                referral_id=referral_id, officer=request.user, ip_address=client_ip(request)
            )

    @admin.action(description="Export statistics of the selected referrals (CSV, no personal data)")
    def export_statistics(self, request, queryset):
        content = services.export_statistics(
            referral_ids=list(queryset.values_list("pk", flat=True)),
            officer=request.user,
            ip_address=client_ip(request),
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="referral-statistics-{stamp}.csv"'
        return response
