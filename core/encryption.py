"""Encryption at rest of what the kernel keeps for a short while: the messages the site
still has to send, and journeys' answers in progress (training's BookingDraft).

An email waiting in the queue holds its addresses, text and attachments (a booking's
cancel link, a referrer's address) until it goes; `core.emails` keeps them only as a
Fernet token made here. Keys come from settings.MESSAGE_ENCRYPTION_KEYS (Fernet keys,
newest first), never from SECRET_KEY, and apart from the referral keys: the kernel
imports no app. MultiFernet encrypts with the first key and decrypts with any, so a new
key goes in front and the old one is removed once the queue has drained (a queued
message lives minutes, a failed one until it is resent or its content is purged).
"""

import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables


class MessageKeyError(ImproperlyConfigured):
    """MESSAGE_ENCRYPTION_KEYS is empty or holds something that is not a Fernet key."""


class MessageDecryptionError(Exception):
    """A stored message could not be decrypted with any configured key."""

    def __init__(self):
        super().__init__(
            "Could not decrypt a queued message with any key in MESSAGE_ENCRYPTION_KEYS: "
            "the key that encrypted it is missing. Put the old key back after the new one."
        )


@sensitive_variables()
def _keys():
    keys = list(getattr(settings, "MESSAGE_ENCRYPTION_KEYS", None) or [])
    if not keys:
        raise MessageKeyError("MESSAGE_ENCRYPTION_KEYS is empty: messages cannot be queued.")
    return keys


@sensitive_variables()
def _multifernet():
    fernets = []
    for position, key in enumerate(_keys(), start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            # Say which key, never what it is.
            raise MessageKeyError(
                f"Key number {position} in MESSAGE_ENCRYPTION_KEYS is not a valid Fernet key."
            ) from None
    return MultiFernet(fernets)


def check_keys():
    """Raise MessageKeyError unless the configured keys are usable."""
    _multifernet()


@sensitive_variables()
def encrypt_json(value):
    """Encrypt a JSON-serialisable value; returns the token as text."""
    return _multifernet().encrypt(json.dumps(value).encode()).decode()


@sensitive_variables()
def decrypt_json(token):
    """The value `encrypt_json` stored. Raises MessageDecryptionError if no key opens it."""
    try:
        return json.loads(_multifernet().decrypt(token.encode()))
    except InvalidToken:
        raise MessageDecryptionError from None


@sensitive_variables()
def address_digest(address):
    """A keyed hash of an email address: lets the admin and tests find a recipient's
    messages without the table holding the address. Keyed with the newest message key, so
    a copied table cannot be matched against a list of guessed addresses."""
    key = _keys()[0].encode()
    return hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()
