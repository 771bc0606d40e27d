"""Helpers for tests of any app that needs a signed-in staff member.

The admin requires two-factor sign-in, so `client.force_login(user)` alone gives a
password-only session that every admin page refuses. Use `sign_in_staff(client, user)`
instead: it gives the user a confirmed authenticator device and signs them in with it,
exactly as the real code page does.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


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
