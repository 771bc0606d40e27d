"""Admin pages for records that only the site's own code writes (sign-in records, emails,
jobs, certificates, action logs): seen in the admin, never added, changed or deleted there."""

from django.contrib import admin


class ReadOnlyMixin:
    """Put first in the bases: no add, change or delete for anyone, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A plain ModelAdmin for such records."""
