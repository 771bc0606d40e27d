"""Demo staff accounts, one per role, for the local demo only (never with debug off).

The passwords are published on purpose (README): the demo runs on a developer's machine.
Idempotent: an existing demo user keeps its account, with the password and role reset.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import CONTENT_EDITOR, PREVENT_OFFICER, SITE_ADMIN, TRAINING_ADMIN

# What `manage.py load_demo_content` runs, in order: (order, module path). Each app adds its
# demo modules from its AppConfig.ready() with register_demo_loader(), so the kernel names
# no app. Each module has `load(*, stdout, bench)`.
DEMO_LOADERS = []


def register_demo_loader(module_path, *, order):
    """Run `module_path`'s `load()` in `load_demo_content`, lowest `order` first."""
    if (order, module_path) not in DEMO_LOADERS:
        DEMO_LOADERS.append((order, module_path))
        DEMO_LOADERS.sort()


# username: (role, password, first name, last name)
DEMO_STAFF = {
    "editor": (CONTENT_EDITOR, "demo-content-editor-2026", "Demo", "Editor"),
    "trainer": (TRAINING_ADMIN, "demo-training-admin-2026", "Demo", "Trainer"),
    "officer": (PREVENT_OFFICER, "demo-prevent-officer-2026", "Demo", "Officer"),
    "siteadmin": (SITE_ADMIN, "demo-site-admin-2026", "Demo", "Administrator"),
}


def demo_staff_user(username, *, stdout=None):
    """Create or refresh one demo staff user from DEMO_STAFF and return it."""
    role, password, first_name, last_name = DEMO_STAFF[username]
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.com",
            "is_staff": True,
        },
    )
    if created or not user.check_password(password) or not user.is_staff:
        user.set_password(password)
        user.is_staff = True
        user.save(update_fields=["password", "is_staff"])
    user.groups.add(Group.objects.get(name=role))
    if stdout is not None:
        stdout.write(f"Demo {role.lower()}: username '{username}', password '{password}'.")
    return user


def load(*, stdout, bench=False):
    if not settings.DEBUG:
        stdout.write("Demo staff accounts are only made for the local demo (DJANGO_DEBUG=1).")
        return
    for username in DEMO_STAFF:
        demo_staff_user(username, stdout=stdout)
