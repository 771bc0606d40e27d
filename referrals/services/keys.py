"""Key rotation: re-encrypting every stored token under the newest key."""

from django.db import transaction

from .. import crypto
from ..models import Referral, ReferralDraft, StageChange

ENCRYPTED_COLUMNS = [
    (Referral, "answers_encrypted"),
    (StageChange, "details_encrypted"),
    (ReferralDraft, "payload_encrypted"),
]


def rotate_encryption_keys(*, batch_size=500):
    """Re-encrypt every answer, note and draft under the newest key. Returns counts per table.

    All or nothing, in one transaction with the rows locked: if any token opens with no
    configured key, ReferralDecryptionError is raised (naming the table and row, never
    the data) and nothing is changed.
    """
    crypto.check_keys()
    counts = {}
    with transaction.atomic():
        for model, column in ENCRYPTED_COLUMNS:
            rows = list(
                model.objects.select_for_update()
                .exclude(**{column: ""})
                .only("pk", column)
                .order_by("pk")
            )
            for row in rows:
                what = f"{model._meta.db_table} row {row.pk}"
                setattr(row, column, crypto.rotate(getattr(row, column), what=what))
            model.objects.bulk_update(rows, [column], batch_size=batch_size)
            counts[model._meta.db_table] = len(rows)
    return counts
