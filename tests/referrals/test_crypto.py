"""Encryption at rest: keys from REFERRAL_ENCRYPTION_KEYS, rotation, and loud failure."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from core.testing import as_browser
from referrals import crypto
from referrals.crypto import ReferralDecryptionError, ReferralKeyError
from referrals.models import Referral, ReferralDraft, StageChange

from .factories import make_draft, make_referral

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
STRANGER_KEY = Fernet.generate_key().decode()


def test_round_trip_and_the_token_is_not_the_text(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY]
    token = crypto.encrypt_json({"name": "Sam Person"})
    assert "Sam" not in token and token.startswith("gAAAA")
    assert crypto.decrypt_json(token) == {"name": "Sam Person"}
    # Random per encryption: equal answers do not give equal tokens.
    assert crypto.encrypt_json({"name": "Sam Person"}) != token


def test_not_the_secret_key(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY]
    token = crypto.encrypt_json({"a": 1})
    settings.REFERRAL_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    settings.SECRET_KEY = "x" * 60
    with pytest.raises(ReferralDecryptionError):
        crypto.decrypt_json(token)


def test_old_keys_still_decrypt_after_a_new_key_is_put_first(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = [OLD_KEY]
    referral = make_referral()
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    fresh = Referral.objects.get(pk=referral.pk)
    assert fresh.answers["steps"]["person"]["full_name"] == "Sam Person"


def test_rotation_command_re_encrypts_everything_under_the_newest_key(settings, officer):
    from datetime import timedelta

    from django.utils import timezone

    from referrals import services
    from referrals.models import Stage

    settings.REFERRAL_ENCRYPTION_KEYS = [OLD_KEY]
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(received_at=timezone.now() - timedelta(days=3))
    referral.stage_changes.update(occurred_on=timezone.localdate() - timedelta(days=3))
    step = services.StageStep(
        Stage.SHARED_WITH_POLICE, timezone.localdate(), note="Shared by secure email"
    )
    services.change_stage(referral_id=referral.pk, step=step, officer=officer)
    draft = make_draft()
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    out = StringIO()
    call_command("rotate_referral_keys", stdout=out)
    assert "referrals_referral: 1 re-encrypted" in out.getvalue()
    assert "referrals_stagechange: 1 re-encrypted" in out.getvalue()
    assert "referrals_referraldraft: 1 re-encrypted" in out.getvalue()
    # The old key can now be removed: everything opens with the new key alone.
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY]
    assert Referral.objects.get(pk=referral.pk).answers["steps"]["about-you"]["email"] == (
        "referrer@example.com"
    )
    change = StageChange.objects.get(stage=Stage.SHARED_WITH_POLICE)
    assert change.details == {"note": "Shared by secure email"}
    assert ReferralDraft.objects.get(pk=draft.pk).steps["person"]["full_name"] == ["Sam Person"]
    settings.REFERRAL_ENCRYPTION_KEYS = [OLD_KEY]
    with pytest.raises(ReferralDecryptionError):
        Referral.objects.get(pk=referral.pk).answers  # noqa: B018 (the property raises)


def test_rotation_is_all_or_nothing_when_a_row_opens_with_no_key(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = [OLD_KEY]
    good = make_referral()
    settings.REFERRAL_ENCRYPTION_KEYS = [STRANGER_KEY]
    make_referral()  # encrypted under a key about to be "lost"
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    before = Referral.objects.get(pk=good.pk).answers_encrypted
    with pytest.raises(CommandError) as failure:
        call_command("rotate_referral_keys", stdout=StringIO())
    message = str(failure.value)
    assert "Nothing was changed" in message and "referrals_referral row" in message
    assert "gAAAA" not in message
    assert Referral.objects.get(pk=good.pk).answers_encrypted == before


def test_a_wrong_key_fails_loudly_and_never_shows_ciphertext(settings, officer, staff_client):
    referral = make_referral()
    settings.REFERRAL_ENCRYPTION_KEYS = [STRANGER_KEY]
    fresh = Referral.objects.get(pk=referral.pk)
    with pytest.raises(ReferralDecryptionError) as failure:
        fresh.answers  # noqa: B018 (the property raises)
    message = str(failure.value)
    assert "REFERRAL_ENCRYPTION_KEYS" in message and referral.reference in message
    assert fresh.answers_encrypted[:20] not in message
    # The case record page fails rather than show anything else; the list still works.
    client = staff_client(user=officer)
    with pytest.raises(ReferralDecryptionError):
        client.get(f"/admin/referrals/referral/{referral.pk}/change/")
    listing = client.get("/admin/referrals/referral/")
    assert listing.status_code == 200
    assert fresh.answers_encrypted[:20] not in listing.content.decode()


def test_a_wrong_key_refuses_a_draft_too(settings, client):
    from .test_journey import STEP_URLS, raw_answers

    client.post(STEP_URLS["immediate-danger"], as_browser(raw_answers()["immediate-danger"]))
    settings.REFERRAL_ENCRYPTION_KEYS = [STRANGER_KEY]
    with pytest.raises(ReferralDecryptionError):
        client.get(STEP_URLS["person"])


def test_missing_or_malformed_keys_fail_with_a_clear_error(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = []
    with pytest.raises(ReferralKeyError, match="REFERRAL_ENCRYPTION_KEYS is empty"):
        crypto.encrypt_json({"a": 1})
    settings.REFERRAL_ENCRYPTION_KEYS = [NEW_KEY, "my-secret-but-not-fernet"]
    with pytest.raises(ReferralKeyError) as failure:
        crypto.encrypt_json({"a": 1})
    assert "Key number 2" in str(failure.value)
    assert "my-secret" not in str(failure.value)
    errors = [e for e in run_checks() if e.id == "referrals.E001"]
    assert len(errors) == 1 and "Key number 2" in errors[0].msg


def start_up(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "REFERRAL_", "MESSAGE_"))
    }
    base = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "prevent.example",
        "SITE_URL": "https://prevent.example",
        "EMAIL_URL": "console://",
        "MESSAGE_ENCRYPTION_KEYS": "bWVzc2FnZS1ub3QtYS1yZWFsLWtleS0zMi1ieXRlcyE=",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_a_referral_key_refuses_to_start():
    result = start_up()
    assert result.returncode != 0
    assert "REFERRAL_ENCRYPTION_KEYS must be set" in result.stderr


def test_debug_off_with_a_malformed_referral_key_fails_the_checks():
    result = start_up(REFERRAL_ENCRYPTION_KEYS="not-a-key")
    assert result.returncode != 0
    assert "referrals.E001" in result.stderr
