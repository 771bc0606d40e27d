"""Staff sign-in to the admin: password, then a code (two-factor), with lockout.

1. /admin/login/ checks the username and password (django-axes refuses a locked pair).
   Nobody is signed in yet: the session only remembers, for 10 minutes, whose password
   was right ("pending"), under a new session key.
2. /admin/login/code/ asks for a code from the authenticator app or a backup code. Only
   then does Django's login() run (a new session key again), with the device recorded
   in the session, which is what PreventAdminSite.has_permission requires.
   Staff without an app go to /admin/two-factor/set-up/ instead: scan a QR code (or type
   the key), confirm with a code, then see 10 backup codes once.
Wrong codes count towards the same lockout as wrong passwords. With ADMIN_REQUIRE_2FA
off (local demo only), staff without an app are signed in after step 1, and the page
says so.
"""

import logging
import time

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .forms import GovUKForm, GovUKFormMixin, text_field
from .ratelimit import too_many_requests

logger = logging.getLogger("core.security")

PENDING = "_staff_pending_sign_in"
SET_UP_DEVICE = "_staff_set_up_device"
PENDING_SECONDS = 10 * 60
APP_CODE_REQUIRED = "Enter the 6-digit code shown in your authenticator app"


# --- Forms --------------------------------------------------------------------------------------
class SignInForm(GovUKFormMixin, AuthenticationForm):
    submit_label = "Continue"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "Enter a correct username and password. Both are case-sensitive.",
    }

    # Longer than any account's: refused before authenticate(), which would try to record
    # the attempt (axes' username column is 255 characters) and hash a huge password.
    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > (self.username_field.max_length or 150):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username

    def clean_password(self):
        password = self.cleaned_data["password"]
        if len(password) > 1024:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return password

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # Only staff may sign in here; others get the same words as a wrong password.
        if not user.is_staff:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def code_field(
    label,
    *,
    help_text,
    required=APP_CODE_REQUIRED,
    letters=False,
    width=5,
    max_length=32,
    autocomplete="one-time-code",
):
    """A code a staff member types: by default the 6-digit code of their authenticator app.

    `letters` is for codes that may hold letters (backup and enrolment codes); `width` is
    the GOV.UK input width class that fits the code. Browsers never spell-check a code.
    """
    attrs = {"autocomplete": autocomplete, "spellcheck": "false"}
    # Digits get the phone's number pad; letters must not be capitalised by the phone.
    attrs |= {"autocapitalize": "none"} if letters else {"inputmode": "numeric"}
    attrs["class"] = f"govuk-input govuk-input--width-{width}"
    return text_field(
        label, required=required, max_length=max_length, help_text=help_text, attrs=attrs
    )


class CodeForm(GovUKForm):
    submit_label = "Continue"
    code = code_field(
        "Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        required="Enter the code from your authenticator app, or a backup code",
        letters=True,
        width=10,
    )


class SetUpCodeForm(GovUKForm):
    submit_label = "Continue"
    enrolment_code = code_field(
        "Enrolment code",
        help_text="The one-time code you were given with your account, or when your "
        "authenticator was reset. Your password alone is not enough to set up an app.",
        required="Enter the enrolment code you were given",
        letters=True,
        width=20,
        max_length=40,
        autocomplete="off",
    )
    code = code_field(
        "Code from the app", help_text="Enter the 6-digit code the app shows for this account."
    )


# --- Pending sign-in (password checked, code not yet) ----------------------------------------
def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _start_pending(request, user, next_url):
    # A new key now too: whatever the session held before the password is not trusted.
    request.session.cycle_key()
    request.session.pop(SET_UP_DEVICE, None)
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "next": next_url,
    }


def _pending(request):
    """(user, data) of a sign-in whose password was right in the last 10 minutes, else None."""
    data = request.session.get(PENDING)
    if not data:
        return None
    user = get_user_model()._default_manager.filter(pk=data["user"]).first()
    if (
        user is None
        or not (user.is_active and user.is_staff)
        or time.time() - data["at"] > PENDING_SECONDS
    ):
        request.session.pop(PENDING, None)
        return None
    return user, data


def _finish_sign_in(request, user, data, device):
    """Sign the user in with the device that verified them (Django cycles the key)."""
    request.session.pop(PENDING, None)
    request.session.pop(SET_UP_DEVICE, None)
    user.otp_device = device  # django-otp's user_logged_in handler records it in the session
    login(request, user, backend=data["backend"])


def _credentials(user):
    return {"username": user.get_username()}


def _code_refused(request, user):
    """A wrong code counts like a wrong password for the lockout (and is logged)."""
    user_login_failed.send(
        sender=__name__, credentials=_credentials(user), request=request, stage="code"
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked username and address: the 429 page."""
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    return too_many_requests(request, retry_after=cool_off.total_seconds(), reason="sign-in")


def _locked(request, user):
    return not AxesProxyHandler.is_allowed(request, _credentials(user))


def show_backup_codes(request, codes, *, next_url=None):
    """The page that shows new backup codes, once, from the request that made them."""
    return render(
        request,
        "security/backup_codes.html",
        {"codes": codes, "next_url": next_url or reverse("admin:index")},
    )


# --- Views ----------------------------------------------------------------------------------------
@never_cache
def sign_in(request, *, site):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET" and site.has_permission(request):
        return redirect(next_url)
    form = SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not settings.ADMIN_REQUIRE_2FA and not two_factor.has_two_factor(user):
            login(request, user)  # local demo only (settings refuse this with debug off)
            return redirect(next_url)
        _start_pending(request, user, next_url)
        logger.info("Staff password accepted, code needed: user %s", user.pk)
        if two_factor.has_two_factor(user):
            return redirect("admin:two-factor-code")
        return redirect("admin:two-factor-set-up")
    return render(
        request,
        "security/sign_in.html",
        {
            "form": form,
            "require_2fa": settings.ADMIN_REQUIRE_2FA,
            "site_header": site.site_header,
        },
    )


@never_cache
def enter_code(request):
    pending = _pending(request)
    if pending is None:
        messages.info(request, "Your sign-in timed out. Sign in again.")
        return redirect("admin:login")
    user, data = pending
    if not two_factor.has_two_factor(user):
        return redirect("admin:two-factor-set-up")
    if _locked(request, user):
        return lockout_response(request)
    form = CodeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify_code(user, form.cleaned_data["code"])
        except two_factor.CodeRefusedError as refused:
            form.add_error("code", refused.message)
            if not refused.wait:  # a throttled try was never checked, so it is not a failure
                _code_refused(request, user)
        else:
            next_url = data["next"]
            _finish_sign_in(request, user, data, device)
            if not isinstance(device, TOTPDevice):
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a backup code. You have {left} left: "
                    "create new ones from 'Two-factor sign-in' at the top of the page.",
                )
            return redirect(next_url)
    return render(request, "security/enter_code.html", {"form": form})


@never_cache
def set_up(request, *, site):
    """Register an authenticator app: QR code and typed key, confirmed with a code."""
    pending = _pending(request)
    if pending is not None:
        user, data = pending
    elif request.user.is_authenticated and site.has_permission(request):
        user, data = request.user, None  # signed in with a password only (local demo)
    else:
        return redirect("admin:login")
    if two_factor.has_two_factor(user):
        return redirect("admin:two-factor-code" if pending else "admin:index")
    if pending and _locked(request, user):
        return lockout_response(request)

    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(SET_UP_DEVICE)
    ).first()
    if device is None:
        device = two_factor.start_enrolment(user)
        request.session[SET_UP_DEVICE] = device.pk

    form = SetUpCodeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.confirm_enrolment(
                device,
                form.cleaned_data["code"],
                enrolment_code=form.cleaned_data["enrolment_code"],
            )
        except two_factor.CodeRefusedError as refused:
            field = (
                "enrolment_code" if refused.message == two_factor.WRONG_ENROLMENT_CODE else "code"
            )
            form.add_error(field, refused.message)
            if pending and not refused.wait:
                _code_refused(request, user)
        else:
            codes = two_factor.new_backup_codes(user)
            logger.info("Authenticator app set up: user %s", user.pk)
            if pending:
                _finish_sign_in(request, user, data, device)
            else:
                request.session.pop(SET_UP_DEVICE, None)
                otp_login(request, device)
            # Shown from this response only: the codes are never put in the session.
            return show_backup_codes(request, codes, next_url=data and data["next"])
    return render(
        request,
        "security/set_up.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "typed_key": two_factor.typed_key(device),
            "account_name": user.get_username(),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )
