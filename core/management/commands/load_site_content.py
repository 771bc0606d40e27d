from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.content import SITE_CONTENT_LOADERS, LoadReport


class Command(BaseCommand):
    help = (
        "Load the site's own content from content/ (pages, contacts, documents, courses, "
        "venues). Safe on the live site, run at every deploy: creates what is missing, "
        "updates only what no editor has changed since the last load, loads nothing fictional."
    )

    def handle(self, *args, **options):
        report = LoadReport()
        # One transaction: a bad file stops the run with nothing half-loaded.
        with transaction.atomic():
            # Registered by each app's AppConfig.ready() (core.content).
            for _order, module_path in SITE_CONTENT_LOADERS:
                import_module(module_path).load(report=report)
        for note in report.notes:
            self.stdout.write(note)
        for label, reason in report.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {label}: {reason}."))
        self.stdout.write(self.style.SUCCESS(f"Site content loaded: {report.summary()}."))
