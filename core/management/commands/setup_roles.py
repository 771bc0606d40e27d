from django.core.management.base import BaseCommand

from core.roles import ROLE_PERMISSIONS, setup_roles


class Command(BaseCommand):
    help = "Create or update the staff role groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        setup_roles()
        for role in ROLE_PERMISSIONS:
            self.stdout.write(f"Role ready: {role}")
