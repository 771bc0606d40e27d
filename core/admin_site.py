"""The admin site: Django's, with two-factor sign-in required for every page.

Installed as the default admin site (PreventAdminConfig in INSTALLED_APPS), so
`admin.site` everywhere is this one and every app's ModelAdmin is behind it.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.urls import path

from . import staff_account, staff_sign_in


def is_verified(user):
    # OTPMiddleware gives request.user is_verified(); a request built without it is not.
    return bool(getattr(user, "is_verified", lambda: False)())


class PreventAdminSite(AdminSite):
    site_header = "Prevent in Warwickshire: staff area"
    site_title = "Prevent in Warwickshire staff area"
    index_title = "What you can manage"

    def has_permission(self, request):
        """Active staff who signed in with a second factor (unless the local demo relaxed it)."""
        if not super().has_permission(request):
            return False
        return is_verified(request.user) or not settings.ADMIN_REQUIRE_2FA

    def login(self, request, extra_context=None):
        return staff_sign_in.sign_in(request, site=self)

    def get_urls(self):
        return [
            path("login/code/", staff_sign_in.enter_code, name="two-factor-code"),
            path(
                "two-factor/set-up/",
                lambda request: staff_sign_in.set_up(request, site=self),
                name="two-factor-set-up",
            ),
            path(
                "two-factor/backup-codes/",
                self.admin_view(staff_account.backup_codes),
                name="two-factor-backup-codes",
            ),
            path(
                "account/sessions/",
                self.admin_view(staff_account.sessions),
                name="account-sessions",
            ),
            *super().get_urls(),
        ]
