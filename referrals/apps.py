from django.apps import AppConfig
from django.core import checks


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Channel referrals"

    def ready(self):
        checks.register(check_encryption_keys, checks.Tags.security)


def check_encryption_keys(app_configs=None, **kwargs):
    """`manage.py check` (and every start-up) fails on a missing or malformed referral key."""
    from .crypto import ReferralKeyError, check_keys

    try:
        check_keys()
    except ReferralKeyError as error:
        return [checks.Error(str(error), id="referrals.E001")]
    return []
