from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo module has `load(*, stdout, bench)`. Training first: the content demo links
# its testimonials to the demo courses.
DEMO_MODULES = [
    "prevent_site.demo",
    "training.demo",
    "pages.demo",
    "referrals.demo",
    # A past year of sessions and referrals, for the reports (prevent_site/reports).
    "training.demo_history",
    "referrals.demo_history",
    # Last: completes and checks the scaled set of `--bench` (bench/run.py).
    "prevent_site.bench_data",
]


class Command(BaseCommand):
    help = "Load the demo content. Idempotent: a second run changes and duplicates nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bench",
            action="store_true",
            help="Also load the scaled data set used by `make bench`.",
        )

    def handle(self, *args, bench=False, **options):
        for module_path in DEMO_MODULES:
            try:
                module = import_module(module_path)
            except ModuleNotFoundError as error:
                if error.name != module_path:
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout, bench=bench)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
