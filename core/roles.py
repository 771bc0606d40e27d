"""Staff roles: Django groups with least privilege.

Each role gets every permission of the apps it owns and nothing else, so a new model
in an app is covered by its role as soon as `setup_roles` runs (it runs after every
`migrate`, and can be run by hand). A staff member sees in the admin only the apps
their groups give them permissions for; referrals are further walled off in the
referrals app itself (absent, not just forbidden, for anyone who is not an officer).

The Prevent officer role is the wall around the referrals, so it is given and taken only
here: by an officer signed in with two factors (the officers' page of the referral area
calls these functions), or by `create_staff_user` on the server for the very first
officer. The user admin offers it to nobody.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import signals

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


def officer_group():
    return Group.objects.get_or_create(name=PREVENT_OFFICER)[0]


def is_officer_account(user):
    """True if the account holds the officer role (active or not): only officers manage it."""
    return user.pk is not None and user.groups.filter(name=PREVENT_OFFICER).exists()


def active_officers():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name=PREVENT_OFFICER, is_active=True, is_staff=True)
        .distinct()
    )


def _require_officer_granter(by, *, from_server):
    if from_server:
        return
    if by is None or not is_prevent_officer(by):
        raise PermissionDenied("Only a Prevent officer can give or take away the officer role.")


def grant_officer_role(*, user, by, from_server=False):
    """Make `user` (an active staff member) a Prevent officer. `by` must be an officer;
    `from_server=True` is for create_staff_user only. One transaction; sends
    officer_role_changed inside it (the referral trail records it and every officer is
    emailed). Raises PermissionDenied or ValidationError; a no-op for an officer."""
    _require_officer_granter(by, from_server=from_server)
    if not (user.is_active and user.is_staff):
        raise ValidationError("Only an active staff account can be made a Prevent officer.")
    with transaction.atomic():
        if is_officer_account(user):
            return False
        user.groups.add(officer_group())
        signals.officer_role_changed.send(sender=__name__, user=user, granted=True, by=by)
    return True


def remove_officer_role(*, user, by):
    """Take the officer role away from `user`. `by` must be an officer; the last active
    officer cannot be removed (nobody could then read the referrals or appoint another).
    One transaction; sends officer_role_changed inside it. Raises PermissionDenied or
    ValidationError; a no-op for someone who is not an officer."""
    _require_officer_granter(by, from_server=False)
    with transaction.atomic():
        group = officer_group()
        # Lock the officers' rows so two removals at once cannot leave nobody.
        model = type(user)
        officers = list(
            model.objects.select_for_update()
            .filter(pk__in=active_officers().values("pk"))
            .values_list("pk", flat=True)
        )
        if not is_officer_account(user):
            return False
        if officers == [user.pk]:
            raise ValidationError("This is the last Prevent officer: appoint another one first.")
        user.groups.remove(group)
        signals.officer_role_changed.send(sender=__name__, user=user, granted=False, by=by)
    return True
