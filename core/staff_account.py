"""A signed-in staff member's own sign-in security: backup codes and sessions.

Both changes need proof that it is still them (ASVS 5.0 7.5.1): a code from their
authenticator app to make new backup codes, their password to sign out elsewhere.
Either change ends every other session of theirs.
"""

import logging

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import two_factor
from .auth_signals import end_all_sessions
from .forms import GovUKForm, govuk_field
from .models import StaffSession
from .staff_sign_in import APP_CODE_REQUIRED, code_field, show_backup_codes

logger = logging.getLogger("core.security")


class StaffProofForm(GovUKForm):
    """A form that asks the signed-in staff member `user` to prove it is still them."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class NewBackupCodesForm(StaffProofForm):
    submit_label = "Create new backup codes"
    code = code_field(
        "Code from your authenticator app",
        help_text="To check it is you. Your old backup codes will stop working.",
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not two_factor.normalise(code).isdigit():
            raise forms.ValidationError(APP_CODE_REQUIRED)
        try:
            two_factor.verify_code(self.user, code)
        except two_factor.CodeRefusedError as refused:
            raise forms.ValidationError(refused.message) from refused
        return code


class SignOutElsewhereForm(StaffProofForm):
    submit_label = "Sign out of all other sessions"
    password = govuk_field(
        forms.CharField(
            label="Your password",
            strip=False,
            max_length=1024,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        ),
        required="Enter your password",
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right. Enter your current password")
        return password


def _end_other_sessions(request):
    keep = request.session.session_key
    others = list(
        StaffSession.objects.filter(user=request.user)
        .exclude(session_key=keep)
        .values_list("session_key", flat=True)
    )
    ended = end_all_sessions(request.user, only=others)
    logger.info("Other sessions ended: user %s, %d session(s)", request.user.pk, ended)
    return ended


@never_cache
def backup_codes(request):
    """Makes new backup codes when the app's code is given, and shows them once, in the
    answer to that post (they are never put in the session)."""
    user = request.user
    form = NewBackupCodesForm(data=request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST":
        if not two_factor.has_two_factor(user):
            return redirect("admin:two-factor-set-up")
        if form.is_valid():
            codes = two_factor.new_backup_codes(user)
            logger.info("New backup codes created: user %s", user.pk)
            _end_other_sessions(request)
            return show_backup_codes(request, codes)
    return render(
        request,
        "security/backup_codes.html",
        {
            "form": form,
            "codes_left": two_factor.backup_codes_left(user),
            "has_app": two_factor.has_two_factor(user),
        },
    )


@never_cache
def sessions(request):
    """Where you are signed in, and signing out of everywhere else (password needed)."""
    form = SignOutElsewhereForm(
        data=request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        ended = _end_other_sessions(request)
        messages.success(
            request,
            f"You have been signed out of {ended} other session{'s' if ended != 1 else ''}.",
        )
        return redirect("admin:account-sessions")
    return render(
        request,
        "security/sessions.html",
        {
            "form": form,
            "sessions": StaffSession.objects.filter(user=request.user).order_by("-signed_in_at"),
            "this_session": request.session.session_key,
        },
    )
