from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setup_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .roles import setup_roles

    # Permissions of every app must exist before the groups are given them.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    setup_roles()


class PreventSiteConfig(AppConfig):
    """The shared kernel: email, scheduling, roles, staff sign-in, caching, health, errors.

    It imports no app: apps register what it needs from them in their own ready()."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        post_migrate.connect(_setup_roles_after_migrate, sender=self)
        # Sign-in logging and ending sessions on sign-out or deactivation; deploy checks.
        from . import auth_signals, checks  # noqa: F401
        from .demo import register_demo_loader

        register_demo_loader("core.demo", order=0)
