from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DEMO_LOADERS


class Command(BaseCommand):
    help = "Load the demo content. Idempotent: a second run changes and duplicates nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bench",
            action="store_true",
            help="Also load the scaled data set used by `make bench`.",
        )

    def handle(self, *args, bench=False, **options):
        # Registered by each app's AppConfig.ready() (core.demo.register_demo_loader).
        for _order, module_path in DEMO_LOADERS:
            with transaction.atomic():
                import_module(module_path).load(stdout=self.stdout, bench=bench)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
