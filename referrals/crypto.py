"""Encryption of referral answers, notes and drafts at rest.

Keys come from settings.REFERRAL_ENCRYPTION_KEYS (Fernet keys, newest first), never
from SECRET_KEY: the database and the application secret are often copied together,
the referral key need not be. MultiFernet encrypts with the first key and decrypts
with any of them, so a new key can be put in front while old rows still read; then
`manage.py rotate_referral_keys` re-encrypts every row under the new key and the old
one can be removed.

Failure is loud: a missing or malformed key raises ReferralKeyError, a token no key
opens raises ReferralDecryptionError. Neither message carries key material or
ciphertext, and nothing here ever returns ciphertext in place of text.
"""

import json

from cryptography.fernet import InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

from core import encryption


class ReferralKeyError(ImproperlyConfigured):
    """REFERRAL_ENCRYPTION_KEYS is empty or holds something that is not a Fernet key."""


class ReferralDecryptionError(Exception):
    """Stored referral data could not be decrypted with any configured key."""

    def __init__(self, what="referral data"):
        super().__init__(
            f"Could not decrypt {what} with any key in REFERRAL_ENCRYPTION_KEYS: the key that "
            "encrypted it is missing or wrong. Put the old key back (after the new one) and run "
            "`manage.py rotate_referral_keys`."
        )


@sensitive_variables()
def _multifernet():
    keys = encryption.keys_from_setting(
        "REFERRAL_ENCRYPTION_KEYS",
        error=ReferralKeyError,
        empty="REFERRAL_ENCRYPTION_KEYS is empty: referral data cannot be encrypted or read.",
    )
    return encryption.multifernet(
        keys,
        error=ReferralKeyError,
        invalid="Key number {position} in REFERRAL_ENCRYPTION_KEYS is not a valid Fernet key "
        "(32 url-safe base64-encoded bytes).",
    )


def check_keys():
    """Raise ReferralKeyError unless the configured keys are usable."""
    _multifernet()


@sensitive_variables()
def encrypt_json(data):
    """Encrypt a JSON-serialisable value; returns the token as text."""
    plain = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return _multifernet().encrypt(plain).decode("ascii")


@sensitive_variables()
def decrypt_json(token, *, what="referral data"):
    """Decrypt a token made by encrypt_json. Raises ReferralDecryptionError if no key opens it."""
    if not token:
        raise ReferralDecryptionError(what)
    try:
        plain = _multifernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise ReferralDecryptionError(what) from None
    return json.loads(plain)


def rotate(token, *, what="referral data"):
    """Re-encrypt a token under the newest key (content unchanged)."""
    try:
        return _multifernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise ReferralDecryptionError(what) from None


class EncryptedJSON(encryption.EncryptedJSON):
    """core.encryption.EncryptedJSON under the referral keys. `what` names the data in the
    decryption error: text, or a function of the instance (to name the case)."""

    def __init__(self, token_field, *, what):
        super().__init__(token_field)
        self.what = what

    def decrypt(self, instance, token):
        what = self.what(instance) if callable(self.what) else self.what
        return decrypt_json(token, what=what)

    def encrypt(self, value):
        return encrypt_json(value)
