"""Deploy check: no referral data opens with the published development key.

The demo's referrals are encrypted under settings.DEVELOPMENT_REFERRAL_KEY, which is
printed in the settings file and so protects nothing. A live database must never hold them
(docs/deploy.md); `manage.py check --deploy` fails if any encrypted column of this app
opens with that key. It looks at every `*_encrypted` column of the app's models, so a new
one is covered without change. A database that cannot be reached or is not migrated yet
has nothing to find: the check passes and is run again at the next deploy.
"""

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import DatabaseError


def _encrypted_columns():
    for model in apps.get_app_config("referrals").get_models():
        for field in model._meta.concrete_fields:
            if field.name.endswith("_encrypted"):
                yield model, field.name


@checks.register(checks.Tags.security, deploy=True)
def no_data_under_the_development_key(app_configs=None, **kwargs):
    published = Fernet(settings.DEVELOPMENT_REFERRAL_KEY)
    try:
        for model, column in _encrypted_columns():
            tokens = model.objects.exclude(**{column: ""}).values_list(column, flat=True)
            for token in tokens.iterator(chunk_size=500):
                try:
                    published.decrypt(token.encode())
                except (InvalidToken, ValueError):
                    continue
                return [
                    checks.Error(
                        f"{model._meta.verbose_name_plural} in this database are encrypted "
                        "with the published development key: it holds demo data.",
                        hint="A live database never holds demo data (docs/deploy.md): start "
                        "from an empty database and never run the demo loader on it.",
                        obj=model,
                        id="referrals.E002",
                    )
                ]
    except DatabaseError:
        return []  # not reachable or not migrated: nothing stored to look at
    return []
