"""Staff accounts in the admin, hardened for site administrators who are not superusers.

A site administrator manages staff accounts and their roles (groups), resets a lost
authenticator (deletes the device: the person sets up a new one at next sign-in) and
clears lockouts. They cannot make anyone a superuser, grant single permissions outside
the roles, change a superuser's account, or change what a role may do (the roles are
defined in prevent_site/roles.py and reset by every migrate).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)
# Backup codes are prevent_site.models.BackupCodeDevice (hashed); django-otp's own static
# devices keep their codes in plain text, so nobody creates them here.
admin.site.unregister(StaticDevice)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups")

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
