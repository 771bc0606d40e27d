from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import DEMO_LOADERS

REFUSED = (
    "load_demo_content adds fictional sessions, bookings, attendance history, referrals and "
    "demo staff accounts with published passwords, so it only runs with DJANGO_DEBUG=1 (the "
    "local demo). On the live site run `manage.py load_site_content` instead."
)


class Command(BaseCommand):
    help = (
        "Load the fictional demo data (local demo only; refused with debug off). Run "
        "load_site_content first. Idempotent: a second run changes and duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bench",
            action="store_true",
            help="Also load the scaled data set used by `make bench`.",
        )

    def handle(self, *args, bench=False, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSED)
        # The demo builds on the real content: load it first (a no-op if it is current).
        call_command("load_site_content", stdout=self.stdout)
        # Registered by each app's AppConfig.ready() (core.demo.register_demo_loader).
        for _order, module_path in DEMO_LOADERS:
            with transaction.atomic():
                import_module(module_path).load(stdout=self.stdout, bench=bench)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
