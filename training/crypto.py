"""Encryption at rest for booking answers in progress (BookingDraft).

A small MultiFernet helper of training's own: core may not import referrals, and
referrals.crypto is written for referral data (its errors name the referral keys). The
keys are `settings.TRAINING_ENCRYPTION_KEYS` when that is set (comma-separated Fernet
keys, newest first), otherwise the referral keys, which production already requires:
never SECRET_KEY, so a copied database and settings module do not open the drafts.
MultiFernet encrypts with the first key and opens with any, so keys can be rotated;
a draft lives at most 2 hours, so no re-encryption command is needed.

When core gains its generic MultiFernet helper (queued emails), this module is a thin
shim over it.
"""

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables


class DraftDecryptionError(Exception):
    """A stored draft could not be opened with any configured key."""


@sensitive_variables()
def _keys():
    keys = getattr(settings, "TRAINING_ENCRYPTION_KEYS", None) or getattr(
        settings, "REFERRAL_ENCRYPTION_KEYS", None
    )
    if isinstance(keys, str):
        keys = [key.strip() for key in keys.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured("No encryption key for booking drafts is configured.")
    return list(keys)


@sensitive_variables()
def _multifernet():
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except (ValueError, TypeError):
        raise ImproperlyConfigured("A booking draft encryption key is not a Fernet key.") from None


@sensitive_variables()
def encrypt_json(data):
    plain = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return _multifernet().encrypt(plain).decode("ascii")


@sensitive_variables()
def decrypt_json(token):
    try:
        return json.loads(_multifernet().decrypt(token.encode("ascii")))
    except (InvalidToken, UnicodeEncodeError):
        raise DraftDecryptionError("A booking draft could not be decrypted.") from None
