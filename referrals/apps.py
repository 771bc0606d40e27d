from django.apps import AppConfig
from django.core import checks


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Channel referrals"

    def ready(self):
        from core import signals
        from core.demo import register_demo_loader
        from core.roles import PREVENT_OFFICER, grant_app_to_role

        from . import officer_trail

        checks.register(check_encryption_keys, checks.Tags.security)
        from . import checks as deploy_checks  # noqa: F401 (registers the deploy-only check)

        grant_app_to_role(PREVENT_OFFICER, app_label=self.label)
        register_demo_loader("referrals.demo", order=30)
        # A past year of fictional cases, for the reports.
        register_demo_loader("referrals.demo_history", order=50)
        # Who is an officer is decided in core; the record of it belongs to the referrals.
        signals.officer_role_changed.connect(
            officer_trail.on_officer_role_changed, dispatch_uid="referrals.officer_role"
        )
        signals.staff_enrolment_reset.connect(
            officer_trail.on_enrolment_reset, dispatch_uid="referrals.enrolment_reset"
        )
        signals.staff_enrolled.connect(officer_trail.on_enrolled, dispatch_uid="referrals.enrolled")


def check_encryption_keys(app_configs=None, **kwargs):
    """`manage.py check` (and every start-up) fails on a missing or malformed referral key."""
    from .crypto import ReferralKeyError, check_keys

    try:
        check_keys()
    except ReferralKeyError as error:
        return [checks.Error(str(error), id="referrals.E001")]
    return []
