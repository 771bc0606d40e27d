"""Bookings and group requests. Bookings are cancelled, never deleted; every write (details,
attendance, cancelling, phone bookings) goes through training.services and is logged."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from core.admin_readonly import ReadOnlyAdmin

from .. import services
from ..forms import PhoneBookingForm
from ..models import (
    ActionLogEntry,
    Booking,
    Certificate,
    DateAlert,
    FeedbackRequest,
    GroupSessionRequest,
)
from .base import WrittenByServicesMixin
from .widgets import SessionFilter

# What the services recorded as the booking went along, and how long it is kept:
# shown, never edited.
HISTORY_FIELDS = [
    "source",
    "taken_by",
    "created_at",
    "confirmed_at",
    "cancelled_at",
    "cancelled_by",
    "reminder_sent_at",
    "anonymised_at",
    "retention",
]


class BookingForm(forms.ModelForm):
    """The booking's change form: a duplicate email is a form error, never a 500."""

    class Meta:
        model = Booking
        fields = ["attendance", *services.DETAIL_FIELDS]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        booking = self.instance
        if (
            booking.pk
            and booking.is_active
            and Booking.objects.filter(
                session_id=booking.session_id, email=email, status__in=services.ACTIVE
            )
            .exclude(pk=booking.pk)
            .exists()
        ):
            raise forms.ValidationError(services.DuplicateEmailError.message)
        return email

    def validate_constraints(self):
        # clean_email said it in words; the service checks again under the session's lock.
        pass


@admin.register(Booking)
class BookingAdmin(WrittenByServicesMixin, admin.ModelAdmin):
    form = BookingForm
    list_display = [
        "reference",
        "full_name",
        "session",
        "status",
        "sector",
        "attendance",
        "source",
        "created_at",
    ]
    list_filter = ["status", "sector", "attendance", "source", SessionFilter]
    list_select_related = ["session__course", "session__venue"]
    search_fields = ["reference", "full_name", "email", "organisation"]
    actions = ["mark_attended", "mark_did_not_attend", "cancel_bookings"]
    readonly_fields = ["reference", "session", "status", *HISTORY_FIELDS]
    fieldsets = [
        (None, {"fields": ["reference", "session", "status", "attendance"]}),
        # The details the delegate gave: the ones update_booking_details may change.
        ("Delegate", {"fields": services.DETAIL_FIELDS}),
        ("History", {"fields": HISTORY_FIELDS}),
    ]

    @admin.display(description="Kept until")
    def retention(self, booking):
        if not booking.pk:
            return "-"
        return (
            f"{timezone.localtime(booking.retain_until):%-d %B %Y}: delegate details are "
            "anonymised 2 years after the session, as the privacy notice says."
        )

    def save_model(self, request, obj, form, change):
        """Through the services: update_booking_details, record_attendance (locked, logged)."""
        details = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.DETAIL_FIELDS
        }
        if details:
            try:
                services.update_booking_details(booking_id=obj.pk, user=request.user, **details)
            except services.DuplicateEmailError as error:
                self.refuse_change(request, error.message)
                return
        if "attendance" in form.changed_data:
            services.record_attendance(
                booking_ids=[obj.pk], attendance=form.cleaned_data["attendance"], user=request.user
            )

    def has_delete_permission(self, request, obj=None):
        # Cancel instead: deleting would skip the waiting list and the delegate's email.
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:training_booking_phone"))

    def get_urls(self):
        return [
            path(
                "phone/",
                self.admin_site.admin_view(self.phone_booking_view),
                name="training_booking_phone",
            ),
            *super().get_urls(),
        ]

    def phone_booking_view(self, request):
        """A booking taken by phone: the same book_place() and rules as the public form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {"session": request.GET.get("session")}
        form = PhoneBookingForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            delegate = services.Delegate(
                **{name: data[name] for name in services.Delegate.__dataclass_fields__}
            )
            try:
                result = services.book_place(
                    session_id=data["session"].pk,
                    delegate=delegate,
                    source=Booking.Source.PHONE,
                    taken_by=request.user,
                )
            except services.BookingError as error:
                form.add_error(None, error.message)
            else:
                booking = result.booking
                self.message_user(
                    request,
                    f"Booking {booking.reference} made ({booking.get_status_display().lower()}). "
                    "The delegate has been emailed.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:training_booking_change", args=[booking.pk])
                )
        return TemplateResponse(
            request,
            "admin/training/booking/phone_booking.html",
            {
                **self.admin_site.each_context(request),
                "title": "Add a booking taken by phone",
                "form": form,
                "opts": self.model._meta,
            },
        )

    def _mark(self, request, queryset, attendance):
        count = services.record_attendance(
            booking_ids=queryset.values_list("pk", flat=True),
            attendance=attendance,
            user=request.user,
        )
        self.message_user(
            request, f"{count} confirmed booking(s) marked as {attendance.label.lower()}."
        )

    @admin.action(description="Mark as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, Booking.Attendance.ATTENDED)

    @admin.action(description="Mark as did not attend", permissions=["change"])
    def mark_did_not_attend(self, request, queryset):
        self._mark(request, queryset, Booking.Attendance.DID_NOT_ATTEND)

    @admin.action(description="Cancel bookings (delegates are emailed)", permissions=["change"])
    def cancel_bookings(self, request, queryset):
        cancelled = promoted = 0
        for booking_id in queryset.filter(status__in=services.ACTIVE).values_list("pk", flat=True):
            try:
                result = services.cancel_booking(
                    booking_id=booking_id, by=Booking.CancelledBy.ADMIN, user=request.user
                )
            except services.CannotCancelError:
                continue
            cancelled += 1
            promoted += len(result.promoted)
        self.message_user(
            request,
            f"{cancelled} booking(s) cancelled; {promoted} delegate(s) moved up from the "
            "waiting list. Everyone affected has been emailed.",
        )


@admin.register(GroupSessionRequest)
class GroupSessionRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "course", "number_of_people", "created_at", "handled"]
    list_filter = ["handled", "course"]
    list_editable = ["handled"]
    search_fields = ["organisation", "contact_name", "email"]
    readonly_fields = ["created_at", "anonymised_at"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "course_title", "session_date", "issued_at"]
    search_fields = ["code"]
    list_select_related = ["booking"]


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(ReadOnlyAdmin):
    list_display = ["booking", "sent_at", "answered_at", "usefulness", "confidence", "may_publish"]
    list_filter = ["may_publish", "usefulness", "confidence"]
    exclude = ["token_hash"]
    list_select_related = ["booking"]


@admin.register(DateAlert)
class DateAlertAdmin(ReadOnlyAdmin):
    list_display = ["course", "created_at", "confirmed_at"]
    list_filter = ["course"]
    # The address is what people gave us to email them: shown, never searched by.
    fields = ["course", "email", "created_at", "confirmed_at"]

    def has_delete_permission(self, request, obj=None):
        # Someone asks the team to stop: deleting is the unsubscribe.
        return super(ReadOnlyAdmin, self).has_delete_permission(request, obj)


@admin.register(ActionLogEntry)
class ActionLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "session", "booking"]
    list_filter = ["action"]
    list_select_related = ["user", "session__course", "booking"]
    date_hierarchy = "at"
