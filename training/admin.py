"""The training administrators' admin: courses, venues, sessions, bookings and registers.

Anything that changes who holds a place goes through `training.services` (the same
functions the public pages use), never a bare save: cancelling, promoting from the
waiting list, phone bookings. So session status is read-only here, and bookings are
cancelled, not deleted.
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from . import registers, services
from .forms import PhoneBookingForm
from .models import Booking, Course, GroupSessionRequest, Session, Venue


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(starts_at__gt=now)
        if self.value() == "past":
            return queryset.filter(starts_at__lte=now)
        return queryset


class SessionFilter(admin.SimpleListFilter):
    """Bookings by session, listed in one query (the stock filter queries once per session)."""

    title = "session"
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = Session.objects.select_related("course", "venue").order_by("-starts_at")
        return [(str(session.pk), str(session)) for session in sessions]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(session_id=int(self.value()))
        return queryset


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, redrawn without error when the posted id is not an id.

    The stock widget looks the posted value up to show it again, and a value like ":" makes
    that lookup raise (a 500) where the form has already said "Select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        pk = self.field.remote_field.model._meta.pk
        ids = []
        for item in value:
            try:
                pk.to_python(item)
            except ValidationError:
                continue
            ids.append(item)
        return super().optgroups(name, ids, attr)


class SafeAutocompleteMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "delivery", "venue", "room", "capacity", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["venue"]  # one venue list per row would be a query per row
    show_change_link = True
    ordering = ["-starts_at"]


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

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Session:
            # More places on a session: offer them to its waiting list, in order.
            for inline_form in formset.forms:
                session = inline_form.instance
                if session.pk and "capacity" in inline_form.changed_data:
                    _promote_and_report(request, session)


def _promote_and_report(request, session):
    promoted = services.promote_waiting_list(session_id=session.pk)
    if promoted:
        messages.success(
            request,
            f"{len(promoted)} delegate(s) on the waiting list for {session} now have a place "
            "and have been emailed.",
        )


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "postcode"]
    search_fields = ["name", "town", "postcode"]


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


@admin.register(Session)
class SessionAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
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
    readonly_fields = ["status", "cancelled_at", "public_id", "booking_links"]
    autocomplete_fields = ["venue"]
    inlines = [BookingInline]
    actions = ["export_register_csv", "printable_register", "cancel_sessions"]
    fieldsets = [
        (None, {"fields": ["course", "starts_at", "ends_at", "booking_closes_at", "capacity"]}),
        ("Where", {"fields": ["delivery", "venue", "room", "joining_instructions"]}),
        ("For delegates", {"fields": ["notes"]}),
        ("Status", {"fields": ["status", "cancelled_at", "public_id", "booking_links"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_places()

    @admin.display(description="Starts", ordering="starts_at")
    def starts(self, session):
        return timezone.localtime(session.starts_at).strftime("%a %-d %b %Y, %H:%M")

    @admin.display(description="Place", ordering="venue__town")
    def place(self, session):
        return session.place_name

    @admin.display(description="Places taken", ordering="places_taken")
    def places_taken(self, session):
        return session.places_taken

    @admin.display(description="Places left", ordering="places_left")
    def places_left(self, session):
        return session.places_left

    @admin.display(description="Waiting", ordering="waiting_count")
    def waiting_count(self, session):
        return session.waiting_count

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            _promote_and_report(request, obj)
            taken = obj.bookings.filter(status=Booking.Status.CONFIRMED).count()
            if taken > obj.capacity:
                # Nobody loses a confirmed place by a capacity change: say so plainly.
                messages.warning(
                    request,
                    f"{taken} delegates already have places, more than the new capacity of "
                    f"{obj.capacity}. Nobody has been moved; cancel bookings if you need to.",
                )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/register/",
                view(self.register_view),
                name="training_session_register",
            ),
            path(
                "<int:pk>/register.csv",
                view(self.register_csv_view),
                name="training_session_register_csv",
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
            },
        )

    def register_csv_view(self, request, pk):
        self._check_view(request)
        session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=pk)
        return _csv_response([session])

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

    @admin.action(description="Cancel session and email every delegate", permissions=["change"])
    def cancel_sessions(self, request, queryset):
        # The changelist's queryset already counts places taken and waiting.
        sessions = list(
            queryset.filter(status=Session.Status.SCHEDULED).select_related("course", "venue")
        )
        if request.POST.get("confirm") == "yes":
            told = sum(services.cancel_session(session_id=session.pk) for session in sessions)
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


def _csv_response(sessions):
    response = HttpResponse(
        registers.register_csv(sessions), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{registers.register_filename(sessions)}"'
    )
    return response


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
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
    readonly_fields = [
        "reference",
        "session",
        "status",
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
    fieldsets = [
        (None, {"fields": ["reference", "session", "status", "attendance"]}),
        (
            "Delegate",
            {
                "fields": [
                    "full_name",
                    "email",
                    "phone",
                    "organisation",
                    "sector",
                    "job_role",
                    "needs",
                ]
            },
        ),
        (
            "History",
            {
                "fields": [
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
            },
        ),
    ]

    @admin.display(description="Kept until")
    def retention(self, booking):
        if not booking.pk:
            return "-"
        return (
            f"{timezone.localtime(booking.retain_until):%-d %B %Y}: delegate details are "
            "anonymised 2 years after the session, as the privacy notice says."
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

    @admin.action(description="Mark as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        count = services.record_attendance(
            booking_ids=queryset.values_list("pk", flat=True),
            attendance=Booking.Attendance.ATTENDED,
        )
        self.message_user(request, f"{count} confirmed booking(s) marked as attended.")

    @admin.action(description="Mark as did not attend", permissions=["change"])
    def mark_did_not_attend(self, request, queryset):
        count = services.record_attendance(
            booking_ids=queryset.values_list("pk", flat=True),
            attendance=Booking.Attendance.DID_NOT_ATTEND,
        )
        self.message_user(request, f"{count} confirmed booking(s) marked as did not attend.")

    @admin.action(description="Cancel bookings (delegates are emailed)", permissions=["change"])
    def cancel_bookings(self, request, queryset):
        cancelled = promoted = 0
        for booking_id in queryset.filter(status__in=services.ACTIVE).values_list("pk", flat=True):
            try:
                result = services.cancel_booking(
                    booking_id=booking_id, by=Booking.CancelledBy.ADMIN
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
