"""Two-factor devices of a staff member (django-otp): an authenticator app and backup codes.

Every code is single-use: a TOTP code is refused once its time step has been used
(django-otp keeps the last step, `last_t`), and a backup code is deleted when used
(core.models.BackupCodeDevice, which stores only their SHA-256 digests).
Wrong codes are throttled per device by django-otp (1 s, 2 s, 4 s... between tries)
and also count towards the sign-in lockout (see staff_sign_in).
"""

import re
import secrets
from base64 import b32encode
from datetime import timedelta

import qrcode
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from . import signals
from .models import BackupCode, BackupCodeDevice, StaffEnrolmentCode

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "Backup codes"
APP_DEVICE_NAME = "Authenticator app"
# Backup codes: 24 characters from 31 without look-alikes (i, l, o, 0, 1): about 119 bits,
# enough for them to be stored as plain SHA-256 digests (ASVS 5.0 6.5.2 asks for 112).
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_BACKUP_LENGTH = 24

# Enrolment codes: 16 characters from the same alphabet (about 79 bits), valid for 7 days.
_ENROLMENT_LENGTH = 16
ENROLMENT_CODE_DAYS = 7
WRONG_ENROLMENT_CODE = (
    "The enrolment code is not right, or it has expired. Ask the person who set up your "
    "account (a Prevent officer, for an officer's account) for a new one."
)

WRONG_CODE = "The code is not right, or it has already been used. Check it and try again."


def app_device(user, *, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def has_two_factor(user):
    """True once the user has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user):
    return BackupCode.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code):
    """People type codes with spaces or hyphens, and in either case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def format_backup_code(code):
    return "-".join(code[i : i + 6] for i in range(0, len(code), 6))


def new_backup_codes(user):
    """Replace the user's backup codes with 10 new ones; returns them (shown once)."""
    codes = [
        "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_BACKUP_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    with transaction.atomic():
        BackupCodeDevice.objects.filter(user=user).delete()
        device = BackupCodeDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        BackupCode.objects.bulk_create(
            BackupCode(device=device, digest=BackupCode.digest_of(code)) for code in codes
        )
    return [format_backup_code(code) for code in codes]


def start_enrolment(user):
    """A new, unconfirmed authenticator device with a fresh secret (older drafts removed)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def wait_seconds(device):
    """Seconds until django-otp's throttle lets the device check a code again, else 0."""
    allowed, extra = device.verify_is_allowed()
    if allowed:
        return 0
    until = (extra or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, int((until - timezone.now()).total_seconds()) + 1)


class CodeRefusedError(Exception):
    def __init__(self, message, *, wait=0):
        super().__init__(message)
        self.message = message
        self.wait = wait


def _check(device, code):
    """The refusal for `code` on `device`, or None when it is accepted (and used up).

    Called under the device's row lock, so two requests racing with one code cannot both
    pass. Returns rather than raises: the failure count django-otp writes must commit.
    """
    wait = wait_seconds(device)
    if wait:
        return CodeRefusedError(
            f"You have entered too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''}, "
            "then try again.",
            wait=wait,
        )
    if not device.verify_token(code):
        return CodeRefusedError(WRONG_CODE)
    return None


def verify_code(user, code):
    """Check a code from the app (6 digits) or a backup code. Returns the device that
    accepted it; raises CodeRefusedError with a message for the person otherwise."""
    code = normalise(code)
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else BackupCodeDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        refusal = CodeRefusedError(WRONG_CODE) if device is None else _check(device, code)
    if refusal:
        raise refusal
    return device


def issue_enrolment_code(user, *, issued_by=None):
    """A new one-time enrolment code for `user` (any older one stops working). Returns it,
    formatted for reading out; only its digest is stored. Show it once, never store it."""
    code = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_ENROLMENT_LENGTH))
    now = timezone.now()
    StaffEnrolmentCode.objects.update_or_create(
        user=user,
        defaults={
            "digest": StaffEnrolmentCode.digest_of(code),
            "issued_at": now,
            "expires_at": now + timedelta(days=ENROLMENT_CODE_DAYS),
            "issued_by_username": issued_by.get_username() if issued_by else "",
        },
    )
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def has_enrolment_code(user):
    return StaffEnrolmentCode.objects.filter(user=user, expires_at__gt=timezone.now()).exists()


def reset_two_factor(*, user, by):
    """Reset a lost authenticator: delete the person's app and backup codes, end every
    session of theirs and issue a one-time enrolment code, which is returned (show it
    once to `by`, who hands it over). One transaction; sends staff_enrolment_reset inside
    it, so the referral trail records an officer's reset with it."""
    from .auth_signals import end_all_sessions

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        BackupCodeDevice.objects.filter(user=user).delete()
        code = issue_enrolment_code(user, issued_by=by)
        end_all_sessions(user)
        signals.staff_enrolment_reset.send(sender=__name__, user=user, by=by)
    return code


def confirm_enrolment(device, code, *, enrolment_code):
    """Confirm a new authenticator device with a code from it and the person's one-time
    enrolment code. Removes the user's other app devices, so one app is registered at a
    time, and uses up the enrolment code; sends staff_enrolled in the same transaction.
    Raises CodeRefusedError (the enrolment code is kept when only the app code is wrong)."""
    code = normalise(code)
    if not re.fullmatch(r"\d{6}", code):
        raise CodeRefusedError("Enter the 6-digit code shown in your authenticator app")
    with transaction.atomic():
        enrolment = (
            StaffEnrolmentCode.objects.select_for_update()
            .filter(user_id=device.user_id, expires_at__gt=timezone.now())
            .first()
        )
        if enrolment is None or not secrets.compare_digest(
            enrolment.digest, StaffEnrolmentCode.digest_of(normalise(enrolment_code))
        ):
            raise CodeRefusedError(WRONG_ENROLMENT_CODE)
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        refusal = _check(device, code)
        if refusal is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
            enrolment.delete()
            signals.staff_enrolled.send(sender=__name__, user=device.user)
    if refusal:
        raise refusal
    return device


def typed_key(device):
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class _InlineQRCode(SvgPathFillImage):
    """qrcode's SVG, sized in pixels and labelled for assistive technology."""

    def _svg(self, **kwargs):
        svg = super()._svg(**kwargs)
        svg.set("width", "200")
        svg.set("height", "200")
        svg.set("role", "img")
        svg.set("aria-label", "QR code to scan with your authenticator app")
        svg.set("class", "app-qr-code")
        return svg


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG QR code (no image request, no script)."""
    image = qrcode.make(device.config_url, image_factory=_InlineQRCode, border=4)
    svg = image.to_string(encoding="unicode")
    # The SVG is built by qrcode's ElementTree serializer from a URL it escapes itself.
    return mark_safe(svg)  # noqa: S308
