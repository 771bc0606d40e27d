import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


def staff_reference(**options):
    """A foreign key to the staff member who did something: emptied if their account is
    deleted (the record itself stays), and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class AppendOnlyQuerySet(models.QuerySet):
    """For logs and trails, which are only ever added to: bulk changes through the ORM are
    refused outright. A subclass names what it protects in `record_name`."""

    record_name = "log"

    def update(self, **kwargs):
        raise PermissionError(f"The {self.record_name} cannot be changed.")

    def delete(self):
        raise PermissionError(f"The {self.record_name} cannot be deleted.")


class OutboundEmailQuerySet(models.QuerySet):
    def to_address(self, address):
        """Messages sent or queued to `address` (matched by its keyed hash)."""
        from .encryption import address_digest

        return self.filter(recipient_digest=address_digest(address))


def _content_part(name, empty):
    """One part of an email's decrypted content, read-only; `empty()` while it has none."""
    return property(lambda email: email.content.get(name, empty()))


class OutboundEmail(models.Model):
    """One email the site has to send.

    While it waits, its addresses, text and attachments are one encrypted token
    (`content_encrypted`, core.encryption); the update that marks it sent empties the
    token, so a sent row keeps only what the admin shows: the recipient's domain and a
    keyed hash of the address, subject, status, times and attempts. The delivery task
    carries only this row's id. Status runs queued -> sending -> sent, or back to queued
    for a retry, or failed (with the reason) for staff to see and resend.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient_domain = models.CharField(max_length=255, blank=True)
    recipient_digest = models.CharField(max_length=64, blank=True, db_index=True)
    subject = models.CharField(max_length=200)
    # {"to": [...], "text_body": ..., "html_body": ..., "attachments": [...]}, encrypted;
    # "" once sent (or once a failed message is past keeping).
    content_encrypted = models.TextField(blank=True)
    # The same Message-ID on every attempt, so a server that saw a repeat can drop it.
    message_id = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Lets an app find (and erase) the emails it queued.
    topic = models.CharField(max_length=50, blank=True, db_index=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        permissions = [("resend_outboundemail", "Can resend a failed email")]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def content(self):
        """The decrypted message ({} once its content is gone)."""
        if not self.content_encrypted:
            return {}
        cached = getattr(self, "_content", None)
        if cached is None or cached[0] != self.content_encrypted:
            from .encryption import decrypt_json

            cached = (self.content_encrypted, decrypt_json(self.content_encrypted))
            self._content = cached
        return cached[1]

    to = _content_part("to", list)
    text_body = _content_part("text_body", str)
    html_body = _content_part("html_body", str)
    headers = _content_part("headers", dict)
    attachments = _content_part("attachments", list)


class JobRun(models.Model):
    """When each periodic job (core.scheduling) was last queued, started and succeeded.

    The scheduler queues a job at most once per interval (this row is locked while it
    decides), and /healthz answers 503 when a job has not succeeded within twice its
    interval.
    """

    name = models.CharField(max_length=200, unique=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name


class StaffSession(models.Model):
    """Which sessions belong to which signed-in user, so all of them can be ended at once.

    Written at sign-in; used when a user signs out or is deactivated (every session of
    theirs, on every device, is deleted) and pruned as sessions time out.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Session of user {self.user_id} since {self.signed_in_at:%Y-%m-%d %H:%M}"


def sha256_digest(code):
    """What is kept of a backup or enrolment code: their randomness makes a plain hash enough."""
    return hashlib.sha256(code.encode()).hexdigest()


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A staff member's single-use backup codes, for when their authenticator app is lost.

    Only a SHA-256 digest of each code is stored. Each code is 24 characters drawn at
    random from 31 (about 119 bits), so a plain hash is enough (ASVS 5.0 6.5.2: lookup
    secrets of 112 bits or more). A code is deleted by the query that accepts it, so two
    requests racing with one code cannot both succeed. Wrong codes are throttled by
    django-otp (1 s, 2 s, 4 s... between tries).
    """

    class Meta(Device.Meta):
        verbose_name = "backup codes"
        verbose_name_plural = "backup codes"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used, _ = self.codes.filter(digest=BackupCode.digest_of(token)).delete()
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"Backup code {self.pk} of device {self.device_id}"

    digest_of = staticmethod(sha256_digest)


class RateLimitCount(models.Model):
    """A rate-limit window's count, kept here only while the shared cache (Redis) is down.

    core.ratelimit counts in Redis; when Redis does not answer it counts in this table
    instead, so the limits still hold and no form fails. Rows expire with their window.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


class StaffEnrolmentCode(models.Model):
    """The one-time code a staff member needs to set up an authenticator.

    Issued when an account is created (create_staff_user prints it) or its authenticator
    is reset (whoever reset it is shown it once and hands it over), so a password alone
    never lets anyone enrol a device of their own on someone else's account. Only the
    SHA-256 digest is kept (the code has about 79 bits); it is deleted when used.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_code"
    )
    digest = models.CharField(max_length=64)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Kept for the record only (who handed it over).
    issued_by_username = models.CharField(max_length=150, blank=True)

    def __str__(self):
        return f"Enrolment code of user {self.user_id}"

    digest_of = staticmethod(sha256_digest)
