"""Helpers for tests of any app: a signed-in staff member, and public forms posted like a browser.

The admin requires two-factor sign-in, so `client.force_login(user)` alone gives a
password-only session that every admin page refuses. Use `sign_in_staff(client, user)`
instead: it gives the user a confirmed authenticator device and signs them in with it,
exactly as the real code page does.

Public forms with spam protection (core/spam.py) refuse a post without their two
hidden fields. `as_browser(data)` adds them as a browser sends them back when a person took
a minute over the form: an empty honeypot and the stamp of when the form was shown.
"""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .spam import HONEYPOT_FIELD, STARTED_FIELD, form_started_stamp


def authenticator(user):
    """The user's confirmed authenticator device (created if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device):
    """The code the person's app would show now (honours a moved clock)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in_staff(client, user):
    """Sign `user` in on `client` as having passed two-factor sign-in. Returns the device."""
    device = authenticator(user)
    client.force_login(user)
    # What django_otp.login() stores when the code page accepts a code.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def spam_fields(*, waited=60):
    """The anti-spam fields of a form shown `waited` seconds ago, as a browser sends them."""
    return {HONEYPOT_FIELD: "", STARTED_FIELD: form_started_stamp(at=time.time() - waited)}


def as_browser(data, *, waited=60):
    """`data` plus the anti-spam fields, for posting a spam-protected public form."""
    return {**data, **spam_fields(waited=waited)}
