"""Staff roles: Django groups with least privilege.

Each role gets every permission of the apps it owns and nothing else, so a new model
in an app is covered by its role as soon as `setup_roles` runs (it runs after every
`migrate`, and can be run by hand). A staff member sees in the admin only the apps
their groups give them permissions for; referrals are further walled off in the
referrals app itself (absent, not just forbidden, for anyone who is not an officer).
"""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITOR = "Content editor"
TRAINING_ADMIN = "Training administrator"
PREVENT_OFFICER = "Prevent officer"
SITE_ADMIN = "Site administrator"

# role -> (app label, model names or None for every model of the app). The kernel's own
# grants are here; each app adds the role that owns it with grant_app_to_role() in its
# AppConfig.ready(), so the kernel names no app.
ROLE_PERMISSIONS = {
    CONTENT_EDITOR: [],
    TRAINING_ADMIN: [],
    PREVENT_OFFICER: [],
    # Staff accounts, their two-factor devices (to reset a lost phone), sign-in lockouts.
    SITE_ADMIN: [
        ("auth", ["user", "group"]),
        ("otp_totp", None),
        ("axes", None),
        # The email queue (failed emails and their resend action) and the periodic jobs.
        ("core", ["outboundemail", "jobrun"]),
    ],
}


def grant_app_to_role(role, *, app_label, models=None):
    """Give `role` every permission of `app_label` (or of its `models` only) at setup_roles."""
    grant = (app_label, models)
    if grant not in ROLE_PERMISSIONS[role]:
        ROLE_PERMISSIONS[role].append(grant)


def setup_roles():
    """Create or update each role's group to hold exactly its permissions. Idempotent."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.none()
        for app_label, models in grants:
            found = Permission.objects.filter(content_type__app_label=app_label)
            if models is not None:
                found = found.filter(content_type__model__in=models)
            permissions = permissions | found
        group.permissions.set(permissions)


def has_role(user, role):
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser and role != PREVENT_OFFICER:
        return True
    return user.groups.filter(name=role).exists()


def is_prevent_officer(user):
    """Only members of the Prevent officer group, superusers included only if they are members."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.groups.filter(name=PREVENT_OFFICER).exists()
    )
