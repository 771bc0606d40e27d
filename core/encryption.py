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
def keys_from_setting(setting, *, error, empty):
    """The Fernet keys of `setting` (a list, newest first). Raises `error(empty)` when there
    are none. Shared with the referral keys, which keep their own setting and wording."""
    keys = list(getattr(settings, setting, None) or [])
    if not keys:
        raise error(empty)
    return keys


@sensitive_variables()
def multifernet(keys, *, error, invalid):
    """A MultiFernet over `keys`: encrypts with the first, decrypts with any. A key that is
    not a Fernet key raises `error(invalid)`, `invalid` formatted with its `position`
    (from 1): the message says which key, never what it is."""
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            raise error(invalid.format(position=position)) from None
    return MultiFernet(fernets)


def _keys():
    return keys_from_setting(
        "MESSAGE_ENCRYPTION_KEYS",
        error=MessageKeyError,
        empty="MESSAGE_ENCRYPTION_KEYS is empty: messages cannot be queued.",
    )


def _multifernet():
    return multifernet(
        _keys(),
        error=MessageKeyError,
        invalid="Key number {position} in MESSAGE_ENCRYPTION_KEYS is not a valid Fernet key.",
    )


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


class EncryptedJSON:
    """A model attribute for a JSON value kept encrypted in a text field, `token_field`.

    Reading it decrypts the field once and keeps the value on the instance (a request
    reads a draft's answers many times); assigning encrypts into the field and keeps the
    value. `decrypt_json` and `encrypt_json` above are the message keys' functions; an app
    with keys of its own overrides `decrypt` and `encrypt` (referrals.crypto does).
    """

    def __init__(self, token_field):
        self.token_field = token_field

    def __set_name__(self, owner, name):
        self.cache_name = f"_{name}"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if not hasattr(instance, self.cache_name):
            token = getattr(instance, self.token_field)
            setattr(instance, self.cache_name, self.decrypt(instance, token))
        return getattr(instance, self.cache_name)

    def __set__(self, instance, value):
        setattr(instance, self.token_field, self.encrypt(value))
        setattr(instance, self.cache_name, value)

    def decrypt(self, instance, token):
        return decrypt_json(token)

    def encrypt(self, value):
        return encrypt_json(value)
