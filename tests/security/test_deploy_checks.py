"""`check --deploy` refuses a database holding demo data (issue 16, part 9)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from referrals.checks import no_data_under_the_development_key
from tests.referrals.factories import make_draft, make_referral
from tests.startup import manage_check


@pytest.mark.django_db
def test_a_referral_under_the_development_key_fails_the_deploy_check(settings):
    assert settings.REFERRAL_ENCRYPTION_KEYS == [settings.DEVELOPMENT_REFERRAL_KEY]
    make_referral()
    errors = no_data_under_the_development_key()
    assert [error.id for error in errors] == ["referrals.E002"]
    assert "published development key" in errors[0].msg
    with pytest.raises(SystemCheckError, match="referrals.E002"):
        call_command("check", deploy=True, tags=["security"])


@pytest.mark.django_db
def test_a_draft_alone_under_the_development_key_is_found_too():
    make_draft()
    assert [error.id for error in no_data_under_the_development_key()] == ["referrals.E002"]


@pytest.mark.django_db
def test_data_under_a_key_of_our_own_passes(settings):
    settings.REFERRAL_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    make_referral()
    make_draft()
    assert no_data_under_the_development_key() == []


def deploy_check(database_url):
    return manage_check(
        "--deploy",
        "--tag",
        "security",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="d" * 60,
        DJANGO_ALLOWED_HOSTS="prevent.example",
        SITE_URL="https://prevent.example",
        EMAIL_URL="console://",
        CACHE_URL="redis://127.0.0.1:6379/0",
        REFERRAL_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        MESSAGE_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DATABASE_URL=database_url,
    )


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://postgres@127.0.0.1:1/unreachable",  # nothing listens on port 1
        "postgres://postgres@127.0.0.1:5432/postgres",  # reachable, never migrated
    ],
)
def test_the_check_passes_when_the_database_is_unreachable_or_not_migrated(database_url):
    result = deploy_check(database_url)
    assert "referrals.E002" not in result.stderr
    assert result.returncode == 0, result.stderr
