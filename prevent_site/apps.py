from django.apps import AppConfig


class PreventSiteConfig(AppConfig):
    """Cross-cutting code: email delivery, scheduling, health, error pages."""

    name = "prevent_site"
    verbose_name = "Site"
