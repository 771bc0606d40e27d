"""The wall around the referral admin: absent, not forbidden, for anyone but officers.

For any signed-in staff member who is not in the Prevent officer group (superusers
included), the referral models and pages are absent: no entry in the admin menu, and
every one of their URLs answers 404 exactly like an admin URL that does not exist.
Anonymous visitors are sent to sign in, as for any admin URL.
"""

import functools
import logging

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import Http404

from core.roles import PREVENT_OFFICER, is_prevent_officer

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

    def extra_urls(self):
        """Pages of this admin besides Django's own (each behind the wall too)."""
        return []

    def get_urls(self):
        urls = [*self.extra_urls(), *super().get_urls()]
        for pattern in urls:
            pattern.callback = absent_unless_officer(pattern.callback)
        return urls


def officers():
    return (
        User.objects.filter(groups__name=PREVENT_OFFICER, is_active=True, is_staff=True)
        .distinct()
        .order_by("username")
    )
