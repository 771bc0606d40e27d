"""Staff accounts in the admin, hardened for site administrators and superusers alike.

A site administrator manages staff accounts and their roles (groups), resets a lost
authenticator (the person then needs the one-time enrolment code shown to the
administrator to set up a new one) and issues enrolment codes for new accounts. They
cannot make anyone a superuser, grant single permissions outside the roles, change a
superuser's account, or change what a role may do (the roles are defined in
core/roles.py and reset by every migrate).

The wall around the referrals holds here for everyone, superusers included:
- the Prevent officer role is not among the groups anyone can choose in the user admin,
  and a forged post naming it is refused as an invalid choice (officers give the role on
  the officers' page of the referral area, core.roles.grant_officer_role);
- officer accounts are read-only here: nobody can change their password, email, active
  flag or groups, sign them out, delete them or their authenticator (another officer
  resets an officer's authenticator from the referral area);
- sign-in records are append-only for everyone and lockout records cannot be deleted,
  so nobody erases the traces of what they tried.
"""

import logging

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .admin_readonly import NoAddOrChangeMixin, ReadOnlyMixin
from .auth_signals import end_all_sessions
from .roles import PREVENT_OFFICER, is_officer_account

User = get_user_model()
logger = logging.getLogger("core.security")

admin.site.unregister(User)
admin.site.unregister(Group)
# Backup codes are core.models.BackupCodeDevice (hashed); django-otp's own static
# devices keep their codes in plain text, so nobody creates them here.
admin.site.unregister(StaticDevice)
admin.site.unregister(TOTPDevice)
for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def may_manage_account(request, user):
    """Whether the requester may change `user`'s account here: never an officer's account,
    and a superuser's only as a superuser."""
    if user is None:
        return True
    if is_officer_account(user):
        return False
    return request.user.is_superuser or not user.is_superuser


def enrolment_codes_page(request, rows, *, title):
    """Shows one-time enrolment codes once, in this response (never in a message or the
    session: messages are kept in the session table)."""
    return TemplateResponse(
        request,
        "security/enrolment_codes.html",
        {**admin.site.each_context(request), "title": title, "rows": rows},
    )


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups")

    actions = ["sign_out_everywhere", "issue_enrolment_codes"]

    def _manageable(self, request, queryset):
        users = list(queryset)
        if any(not may_manage_account(request, user) for user in users):
            raise PermissionDenied
        return users

    @admin.action(description="Sign the selected users out everywhere", permissions=["change"])
    def sign_out_everywhere(self, request, queryset):
        users = self._manageable(request, queryset)
        ended = sum(end_all_sessions(user) for user in users)
        logger.info("User %s signed %d user(s) out everywhere", request.user.pk, len(users))
        self.message_user(request, f"{ended} session{'s' if ended != 1 else ''} ended.")

    @admin.action(
        description="Issue a one-time enrolment code (for setting up an authenticator)",
        permissions=["change"],
    )
    def issue_enrolment_codes(self, request, queryset):
        users = self._manageable(request, queryset)
        rows = [
            (user.get_username(), two_factor.issue_enrolment_code(user, issued_by=request.user))
            for user in users
        ]
        logger.info("User %s issued %d enrolment code(s)", request.user.pk, len(rows))
        return enrolment_codes_page(request, rows, title="Enrolment codes")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # The officer role is given only from the referral area: a post naming it is an
            # invalid choice here, for superusers too.
            kwargs["queryset"] = Group.objects.exclude(name=PREVENT_OFFICER)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        return fields

    def has_change_permission(self, request, obj=None):
        return may_manage_account(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_manage_account(request, obj) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        self._manageable(request, queryset)
        super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and not may_manage_account(request, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Group)
class RoleAdmin(ReadOnlyMixin, GroupAdmin):
    """Roles are defined in core/roles.py: nobody adds, renames, changes or deletes one
    here (renaming a group to "Prevent officer" would otherwise cross the wall)."""

    def get_readonly_fields(self, request, obj=None):
        return ["name", "permissions"]


@admin.register(TOTPDevice)
class AuthenticatorAdmin(NoAddOrChangeMixin, TOTPDeviceAdmin):
    """Nobody makes or changes an authenticator here: one whose key an administrator chose
    would let them pass as its owner. Deleting one is a reset: the owner's backup codes go
    too, their sessions end, and the one-time enrolment code they need is shown once to
    whoever reset it. An officer's authenticator is reset only by another officer (in the
    referral area), a superuser's only by a superuser."""

    actions = None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not may_manage_account(request, obj.user):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        if not may_manage_account(request, obj.user):
            raise PermissionDenied
        request._enrolment_code = (
            obj.user.get_username(),
            two_factor.reset_two_factor(user=obj.user, by=request.user),
        )
        logger.info("User %s reset the authenticator of user %s", request.user.pk, obj.user_id)

    def response_delete(self, request, obj_display, obj_id):
        return enrolment_codes_page(request, [request._enrolment_code], title="Authenticator reset")


class ReadOnlyRecordAdmin(ReadOnlyMixin):
    """Sign-in records: append-only in the admin for everyone."""

    actions = None


@admin.register(AccessLog)
class SignInLogAdmin(ReadOnlyRecordAdmin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class SignInFailureLogAdmin(ReadOnlyRecordAdmin, AccessFailureLogAdmin):
    pass


@admin.register(AccessAttempt)
class LockoutAdmin(ReadOnlyRecordAdmin, AccessAttemptAdmin):
    """Lockouts end by themselves after the cool-off; nobody deletes their record here."""


# The email queue and the periodic jobs (read-only, with a resend action).
from . import email_admin  # noqa: E402, F401
