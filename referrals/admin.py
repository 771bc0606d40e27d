"""Case records for Prevent officers, and nobody else.

The wall: for any signed-in staff member who is not in the Prevent officer group
(superusers included), the referral models are absent, not forbidden: no entry in the
admin menu, and every one of their URLs answers 404 exactly like an admin URL that
does not exist. Anonymous visitors are sent to sign in, as for any admin URL.

Officers see the list (reference, received, stage, district, assigned officer; search
by reference only), and each record with its answers decrypted, its timeline and its
access log. Each view, change, export and deletion goes into the audit trail, which
officers can read and nobody can change through the site.
"""

import functools
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core.ratelimit import client_ip
from core.roles import PREVENT_OFFICER, is_prevent_officer

from . import journey, selectors, services
from .models import AuditEvent, Referral, Stage

User = get_user_model()
security_log = logging.getLogger("core.security")


def is_officer_request(request):
    """is_prevent_officer for the request's user, asked once per request (a page asks often)."""
    if not hasattr(request, "_referrals_officer"):
        request._referrals_officer = is_prevent_officer(request.user)
    return request._referrals_officer


def absent_unless_officer(view):
    """Signed-in staff who are not Prevent officers get the 404 of a missing admin page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        # Anyone else (anonymous, not staff) meets the admin's own sign-in redirect, as on
        # any admin URL.
        signed_in_staff = user.is_authenticated and user.is_active and user.is_staff
        if signed_in_staff and not is_officer_request(request):
            # An access control failure, logged by user id and page name only (ASVS 16.3.2).
            match = request.resolver_match
            security_log.warning(
                "Referral admin refused (404) to non-officer staff user id=%s: %s",
                user.pk,
                match.view_name if match else "unknown page",
            )
            raise Http404("The requested admin page does not exist.")
        return view(request, *args, **kwargs)

    return wrapper


class PreventOfficerOnlyAdmin(admin.ModelAdmin):
    """Every permission needs the Prevent officer group as well as the model permission."""

    def _officer(self, request):
        return is_officer_request(request)

    def has_module_permission(self, request):
        return self._officer(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._officer(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._officer(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._officer(request) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return self._officer(request) and super().has_add_permission(request)

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            pattern.callback = absent_unless_officer(pattern.callback)
        return urls


def officers():
    return (
        User.objects.filter(groups__name=PREVENT_OFFICER, is_active=True, is_staff=True)
        .distinct()
        .order_by("username")
    )


class ReferralCaseForm(forms.ModelForm):
    """Assignment, plus the next stage of the case with its date and encrypted note."""

    new_stage = forms.ChoiceField(label="Move the case to", required=False)
    occurred_on = forms.DateField(
        label="Date it happened",
        required=False,
        widget=AdminDateWidget,
        help_text="For the Channel panel, the panel date; for a gateway outcome, the date "
        "of the police decision.",
    )
    # (Not "gateway_decision_on": that is the referral's own, read-only, column.)
    gateway_decision_date = forms.DateField(
        label="Police gateway decision date",
        required=False,
        widget=AdminDateWidget,
        help_text="Only when moving straight to the Channel panel and the decision was on "
        "another day than the panel.",
    )
    consent_recorded_on = forms.DateField(
        label="Date consent was recorded",
        required=False,
        widget=AdminDateWidget,
        help_text="Needed to adopt a case.",
    )
    support_plan = forms.CharField(
        label="Support plan",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to adopt a case. Stored encrypted.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened and why. Stored encrypted.",
    )

    class Meta:
        model = Referral
        fields = ["assigned_officer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_officer"].queryset = officers()
        self.fields["assigned_officer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        self.fields["new_stage"].choices = [("", "No change")] + [
            (stage.value, stage.label) for stage in self.instance.next_stages()
        ]

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("new_stage")
        if stage:
            errors = services.stage_change_errors(
                referral=self.instance,
                stage=Stage(stage),
                occurred_on=cleaned.get("occurred_on"),
                consent_recorded_on=cleaned.get("consent_recorded_on"),
                support_plan=cleaned.get("support_plan", ""),
                gateway_decision_on=cleaned.get("gateway_decision_date"),
            )
            form_fields = {"stage": "new_stage", "gateway_decision_on": "gateway_decision_date"}
            for field, message in errors.items():
                self.add_error(form_fields.get(field, field), message)
        elif any(cleaned.get(name) for name in ("note", "support_plan", "consent_recorded_on")):
            self.add_error("new_stage", "Choose the stage this note or date belongs to.")
        return cleaned


@admin.register(Referral)
class ReferralAdmin(PreventOfficerOnlyAdmin):
    form = ReferralCaseForm
    list_display = ["case_reference", "received_on", "stage", "district", "assigned_officer"]
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

    def get_fieldsets(self, request, obj=None):
        return [
            (
                "Case",
                {
                    "fields": [
                        "reference",
                        "received_at",
                        "stage",
                        "stage_changed_at",
                        "assigned_officer",
                        "delete_after",
                    ]
                },
            ),
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
                    "added to the audit trail. Notes and support plans are stored encrypted.",
                },
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
        if request.method == "GET" and response.status_code == 200:
            referral = self.get_object(request, object_id)
            services.record_access(
                referral=referral,
                officer=request.user,
                action=AuditEvent.Action.VIEW,
                ip_address=client_ip(request),
            )
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        referral = self.get_object(request, object_id)
        if referral is not None and response.status_code == 200:
            services.record_access(
                referral=referral,
                officer=request.user,
                action=AuditEvent.Action.VIEW_HISTORY,
                ip_address=client_ip(request),
            )
        return response

    def save_model(self, request, obj, form, change):
        # Writes go through the services (locks, audit, retention dates), never obj.save().
        data = form.cleaned_data
        if "assigned_officer" in form.changed_data:
            services.assign_officer(
                referral_id=obj.pk,
                assignee=data["assigned_officer"],
                officer=request.user,
                ip_address=client_ip(request),
            )
        if data.get("new_stage"):
            try:
                services.change_stage(
                    referral_id=obj.pk,
                    stage=data["new_stage"],
                    occurred_on=data["occurred_on"],
                    officer=request.user,
                    ip_address=client_ip(request),
                    note=data.get("note", ""),
                    support_plan=data.get("support_plan", ""),
                    consent_recorded_on=data.get("consent_recorded_on"),
                    gateway_decision_on=data.get("gateway_decision_date"),
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


@admin.register(AuditEvent)
class AuditEventAdmin(PreventOfficerOnlyAdmin):
    """Read-only for officers; nobody can add, change or delete an entry through the site."""

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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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

    def has_delete_permission(self, request, obj=None):
        return False
