from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from core.scheduling import PERIODIC_TASKS, ensure_scheduled


class Command(BaseCommand):
    help = "Put the first run of every periodic task in the queue (idempotent)."

    def handle(self, *args, **options):
        autodiscover_modules("tasks")
        for path, (scheduled, _every) in sorted(PERIODIC_TASKS.items()):
            added = ensure_scheduled(scheduled)
            self.stdout.write(f"{path}: {'scheduled' if added else 'already scheduled'}")
