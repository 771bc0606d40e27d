"""Sessions: every change goes through training.services (change_session, cancel_session,
issue_certificates...), which lock the row, email delegates and write the action log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from .. import registers, services
from ..models import Booking, Session
from ..services.sessions import CHANGEABLE, LABELS
from .base import WrittenByServicesMixin
from .widgets import SafeAutocompleteMixin, WhenFilter


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    can_delete = False
    fields = ["reference", "full_name", "organisation", "status", "attendance", "created_at"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["status", "created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["course", *CHANGEABLE]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            confirmed = self.instance.bookings.filter(status=Booking.Status.CONFIRMED).count()
            if capacity < confirmed:
                raise forms.ValidationError(
                    f"{confirmed} delegates already have a place, so the places cannot go "
                    f"below {confirmed}. Cancel bookings first if the room is smaller."
                )
        return capacity


def _log_table(session):
    entries = list(session.log_entries.select_related("user", "booking")[:200])
    if not entries:
        return "Nothing recorded yet."
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{timezone.localtime(entry.at):%-d %b %Y %H:%M}",
                entry.user.get_username() if entry.user else "the system",
                entry.action.removeprefix("training."),
                _describe(entry),
            )
            for entry in entries
        ),
    )
    return format_html(
        '<table class="app-action-log"><caption>What the training team did, newest first'
        '</caption><thead><tr><th scope="col">When</th><th scope="col">Who</th>'
        '<th scope="col">What</th><th scope="col">Details</th></tr></thead><tbody>{}</tbody>'
        "</table>",
        rows,
    )


def _describe(entry):
    data = entry.data or {}
    if "changes" in data:
        return "; ".join(
            f"{LABELS.get(name, name)}: {old or '(none)'} → {new or '(none)'}"
            for name, (old, new) in data["changes"].items()
        )
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value) or "none"
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def _counted(name, description):
    """A change-list column for a count the queryset annotates, sortable by it."""

    @admin.display(description=description, ordering=name)
    def column(self, session):
        return getattr(session, name)

    return column


@admin.register(Session)
class SessionAdmin(WrittenByServicesMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    form = SessionForm
    list_display = [
        "course",
        "starts",
        "place",
        "capacity",
        "places_taken",
        "places_left",
        "waiting_count",
        "status",
    ]
    list_filter = [WhenFilter, "status", "course", "venue"]
    list_select_related = ["course", "venue"]
    date_hierarchy = "starts_at"
    search_fields = ["course__title", "venue__name", "venue__town"]
    readonly_fields = ["status", "cancelled_at", "public_id", "booking_links", "action_log"]
    autocomplete_fields = ["venue"]
    inlines = [BookingInline]
    actions = [
        "export_register_csv",
        "printable_register",
        "cancel_sessions",
        "issue_certificates",
        "send_feedback_requests",
    ]
    fieldsets = [
        (None, {"fields": ["course", "starts_at", "ends_at", "booking_closes_at", "capacity"]}),
        ("Where", {"fields": ["delivery", "venue", "room", "joining_instructions"]}),
        ("For delegates", {"fields": ["notes"]}),
        ("Status", {"fields": ["status", "cancelled_at", "public_id", "booking_links"]}),
        ("Action log", {"fields": ["action_log"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_places()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Moving a session (and its delegates) to another course is not a change to it.
            fields.append("course")
        return fields

    @admin.display(description="Starts", ordering="starts_at")
    def starts(self, session):
        return timezone.localtime(session.starts_at).strftime("%a %-d %b %Y, %H:%M")

    @admin.display(description="Place", ordering="venue__town")
    def place(self, session):
        return session.place_name

    # Counted by the queryset (Session.objects.with_places()), so the columns sort.
    places_taken = _counted("places_taken", "Places taken")
    places_left = _counted("places_left", "Places left")
    waiting_count = _counted("waiting_count", "Waiting")

    @admin.display(description="Register and bookings")
    def booking_links(self, session):
        if not session.pk:
            return "-"
        return format_html(
            '<a href="{}">Printable register</a> · <a href="{}">Register as CSV</a> · '
            '<a href="{}">Add a booking taken by phone</a>',
            reverse("admin:training_session_register", args=[session.pk]),
            reverse("admin:training_session_register_csv", args=[session.pk]),
            reverse("admin:training_booking_phone") + f"?session={session.pk}",
        )

    @admin.display(description="Who did what")
    def action_log(self, session):
        if not session.pk:
            return "-"
        return _log_table(session)

    def save_model(self, request, obj, form, change):
        """Through the services: create_session, or change_session (locks, emails, logs)."""
        if not change:
            fields = {name: form.cleaned_data[name] for name in ["course", *CHANGEABLE]}
            created = services.create_session(user=request.user, **fields)
            obj.pk, obj.public_id = created.pk, created.public_id
            return
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in CHANGEABLE
        }
        if not changes:
            return
        try:
            _session, changed, promoted = services.change_session(
                session_id=obj.pk, user=request.user, **changes
            )
        except services.SessionChangeError as error:
            self.refuse_change(request, error.message)
            return
        told = [name for name in changed if name in services.sessions.DELEGATES_TOLD]
        if told:
            self.message_user(
                request, "Every confirmed and waiting delegate has been emailed the change."
            )
        if promoted:
            self.message_user(
                request,
                f"{len(promoted)} delegate(s) on the waiting list now have a place and have "
                "been emailed.",
                messages.SUCCESS,
            )

    def get_urls(self):
        # The register (as a page and as CSV) and the register page's certificates button.
        pages = [
            ("register/", self.register_view, "training_session_register"),
            ("register.csv", self.register_csv_view, "training_session_register_csv"),
            (
                "issue-certificates/",
                self.issue_certificates_view,
                "training_session_issue_certificates",
            ),
        ]
        return [
            *(
                path(f"<int:pk>/{route}", self.admin_site.admin_view(view), name=name)
                for route, view, name in pages
            ),
            *super().get_urls(),
        ]

    def _check_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def register_view(self, request, pk):
        self._check_view(request)
        session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=pk)
        return TemplateResponse(
            request,
            "admin/training/session/register.html",
            {
                "site_title": self.admin_site.site_title,
                "session": session,
                "bookings": registers.register_bookings(session),
                "can_issue": self.has_change_permission(request, session),
            },
        )

    def register_csv_view(self, request, pk):
        self._check_view(request)
        session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=pk)
        return _csv_response([session])

    @staticmethod
    def _issue(request, sessions):
        issued = sum(
            len(services.issue_certificates(session_id=session.pk, user=request.user))
            for session in sessions
        )
        return issued

    def issue_certificates_view(self, request, pk):
        """The register page's button: certificates to the delegates marked as attended."""
        session = get_object_or_404(Session, pk=pk)
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        return require_POST(self._issue_and_return)(request, session)

    def _issue_and_return(self, request, session):
        issued = self._issue(request, [session])
        self.message_user(request, _issued_message(issued))
        return HttpResponseRedirect(reverse("admin:training_session_change", args=[session.pk]))

    @admin.action(description="Export register as CSV", permissions=["view"])
    def export_register_csv(self, request, queryset):
        return _csv_response(list(queryset.select_related("course", "venue")))

    @admin.action(description="Open a printable register", permissions=["view"])
    def printable_register(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Choose one session to print its register.", messages.WARNING
            )
            return None
        return HttpResponseRedirect(
            reverse("admin:training_session_register", args=[queryset.get().pk])
        )

    @admin.action(
        description="Issue certificates to delegates marked as attended", permissions=["change"]
    )
    def issue_certificates(self, request, queryset):
        self.message_user(request, _issued_message(self._issue(request, list(queryset))))

    @admin.action(description="Ask attendees for feedback now", permissions=["change"])
    def send_feedback_requests(self, request, queryset):
        sent = sum(
            len(services.send_feedback_requests(session_id=session.pk)) for session in queryset
        )
        self.message_user(
            request,
            f"{sent} attendee(s) emailed a feedback link. Nobody is asked twice.",
        )

    @admin.action(description="Cancel session and email every delegate", permissions=["change"])
    def cancel_sessions(self, request, queryset):
        # The changelist's queryset already counts places taken and waiting.
        sessions = list(
            queryset.filter(status=Session.Status.SCHEDULED).select_related("course", "venue")
        )
        if request.POST.get("confirm") == "yes":
            told = sum(
                services.cancel_session(session_id=session.pk, user=request.user)
                for session in sessions
            )
            self.message_user(
                request,
                f"{len(sessions)} session(s) cancelled; {told} delegate(s) emailed.",
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/training/session/cancel_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Cancel sessions",
                "sessions": sessions,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


def _issued_message(issued):
    return (
        f"{issued} certificate(s) issued and emailed. Delegates who already had one were "
        "not emailed again; only delegates marked as attended get one."
    )


def _csv_response(sessions):
    response = HttpResponse(
        registers.register_csv(sessions), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{registers.register_filename(sessions)}"'
    )
    return response
