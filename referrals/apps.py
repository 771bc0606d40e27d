from django.apps import AppConfig
from django.core import checks


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Channel referrals"

    def ready(self):
        from core.demo import register_demo_loader
        from core.roles import PREVENT_OFFICER, grant_app_to_role

        checks.register(check_encryption_keys, checks.Tags.security)
        from . import checks as deploy_checks  # noqa: F401 (registers the deploy-only check)

        grant_app_to_role(PREVENT_OFFICER, app_label=self.label)
        register_demo_loader("referrals.demo", order=30)
        # A past year of fictional cases, for the reports.
        register_demo_loader("referrals.demo_history", order=50)


def check_encryption_keys(app_configs=None, **kwargs):
    """`manage.py check` (and every start-up) fails on a missing or malformed referral key."""
    from .crypto import ReferralKeyError, check_keys

    try:
        check_keys()
    except ReferralKeyError as error:
        return [checks.Error(str(error), id="referrals.E001")]
    return []
