from django.contrib.admin.apps import AdminConfig


class PreventAdminConfig(AdminConfig):
    """django.contrib.admin with our two-factor admin site as `admin.site`.

    (Its own module: apps.py must keep exactly one default AppConfig for "core".)
    """

    default_site = "core.admin_site.PreventAdminSite"
