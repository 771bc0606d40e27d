from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """/admin/reports/: figures for the annual report. Reads the apps; nothing imports it."""

    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from . import testimonials

        # Training feedback quotes the attendee let us publish -> draft testimonials.
        testimonials.connect()
