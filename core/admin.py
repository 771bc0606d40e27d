"""Staff accounts in the admin, hardened for site administrators who are not superusers.

A site administrator manages staff accounts and their roles (groups), resets a lost
authenticator (deletes the device: the person sets up a new one at next sign-in) and
clears lockouts. They cannot make anyone a superuser, grant single permissions outside
the roles, change a superuser's account, or change what a role may do (the roles are
defined in core/roles.py and reset by every migrate).
"""

import logging

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .auth_signals import end_all_sessions

User = get_user_model()
logger = logging.getLogger("core.security")

admin.site.unregister(User)
admin.site.unregister(Group)
# Backup codes are core.models.BackupCodeDevice (hashed); django-otp's own static
# devices keep their codes in plain text, so nobody creates them here.
admin.site.unregister(StaticDevice)
admin.site.unregister(TOTPDevice)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups")

    actions = ["sign_out_everywhere"]

    @admin.action(description="Sign the selected users out everywhere", permissions=["change"])
    def sign_out_everywhere(self, request, queryset):
        ended = sum(end_all_sessions(user) for user in queryset)
        logger.info("User %s signed %d user(s) out everywhere", request.user.pk, queryset.count())
        self.message_user(request, f"{ended} session{'s' if ended != 1 else ''} ended.")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        return fields


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["name", "permissions"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Site administrators may see and delete (reset) authenticators, never make one: an
    authenticator whose key an administrator chose would let them pass as its owner."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


# The email queue and the periodic jobs (read-only, with a resend action).
from . import email_admin  # noqa: E402, F401
