"""Admin pages for records that only the site's own code writes (sign-in records, emails,
jobs, certificates, action logs): seen in the admin, never added, changed or deleted there.
NoAddOrChangeMixin is the half for rows that are only seen or deleted there (authenticators,
a page's versions)."""

from django.contrib import admin


class NoAddOrChangeMixin:
    """Put first in the bases (of a ModelAdmin or an inline): nobody adds or changes a row
    here, superusers included. Deleting is left to the admin class."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoAddOrChangeMixin):
    """Put first in the bases: no add, change or delete for anyone, superusers included."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A plain ModelAdmin for such records."""
