from django.core.management.base import BaseCommand, CommandError

from referrals.crypto import ReferralDecryptionError, ReferralKeyError
from referrals.services import rotate_encryption_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every referral answer, stage note and draft under the newest key in "
        "REFERRAL_ENCRYPTION_KEYS (the first one). Put the new key first, keep the old ones "
        "after it, run this, then remove the old keys. All or nothing."
    )

    def handle(self, *args, **options):
        try:
            counts = rotate_encryption_keys()
        except (ReferralKeyError, ReferralDecryptionError) as error:
            # The message names the key position or the row, never key material or data.
            raise CommandError(f"Nothing was changed. {error}") from None
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count} re-encrypted")
        self.stdout.write(self.style.SUCCESS("Every referral record is now under the newest key."))
