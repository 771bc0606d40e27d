"""manage.py create_staff_user USERNAME --email EMAIL --role ROLE [--role ROLE...]

Creates an active staff account in one or more roles. The password is typed twice at a
prompt, or with --generate-password made up and printed once. A one-time enrolment code
is always printed: the person needs it, with the password, to set up their authenticator
app the first time they sign in at /admin/.

The Prevent officer role can be given here only to the very first officer (while no
active officer exists): after that only an officer, signed in with two factors, gives it
from the officers' page of the referral area. The grant is recorded in the referral
audit trail like any other.
"""

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from core import two_factor
from core.roles import (
    CONTENT_EDITOR,
    PREVENT_OFFICER,
    SITE_ADMIN,
    TRAINING_ADMIN,
    active_officers,
    grant_officer_role,
    setup_roles,
)

ROLES = {
    "content-editor": CONTENT_EDITOR,
    "training-admin": TRAINING_ADMIN,
    "prevent-officer": PREVENT_OFFICER,
    "site-admin": SITE_ADMIN,
}


class Command(BaseCommand):
    help = "Create a staff account with one or more roles (see README: Staff accounts)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=sorted(ROLES),
            help="Repeat for more than one role.",
        )
        parser.add_argument(
            "--generate-password",
            action="store_true",
            help="Make up a strong password and print it once, instead of prompting.",
        )

    def handle(self, *args, username, email, role, generate_password, **options):
        user_model = get_user_model()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email}") from error
        if user_model._default_manager.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        officer = ROLES["prevent-officer"] in [ROLES[name] for name in role]
        if officer and active_officers().exists():
            raise CommandError(
                "A Prevent officer already exists: only an officer can give the officer role, "
                "from the officers' page of the referral area (/admin/referrals/referral/"
                "officers/). Create the account without that role and ask an officer."
            )
        user = user_model(username=username, email=email, is_staff=True, is_active=True)

        password = secrets.token_urlsafe(18) if generate_password else self._prompt_password(user)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        with transaction.atomic():
            setup_roles()  # the groups exist even on a database migrated before they did
            user.set_password(password)
            user.save()
            others = [ROLES[name] for name in role if ROLES[name] != PREVENT_OFFICER]
            user.groups.set(Group.objects.filter(name__in=others))
            if officer:
                grant_officer_role(user=user, by=None, from_server=True)
            enrolment_code = two_factor.issue_enrolment_code(user)

        roles = ", ".join(ROLES[name] for name in role)
        self.stdout.write(self.style.SUCCESS(f"Created staff user {username} ({roles})."))
        if generate_password:
            self.stdout.write(f"Password (shown once, give it to them securely): {password}")
        self.stdout.write(
            f"Enrolment code (shown once, valid for {two_factor.ENROLMENT_CODE_DAYS} days, give "
            f"it to them separately from the password): {enrolment_code}"
        )
        self.stdout.write(
            "At their first sign-in at /admin/ they set up an authenticator app with this "
            "code and are given backup codes."
        )

    def _prompt_password(self, user):
        if not sys.stdin.isatty():
            raise CommandError("No terminal to type a password: use --generate-password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first
