"""Filters and widgets the training admin pages share."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Session


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
