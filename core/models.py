import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class OutboundEmail(models.Model):
    """One email the site has to send, kept until it has gone.

    The delivery task only carries this row's id, so the task queue never holds
    addresses or message text, and the row's status makes delivery happen once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    # [{"filename": ..., "content": ..., "mimetype": ...}], text attachments only (calendar files).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Lets an app find (and, for referrals, erase) the emails it queued.
    topic = models.CharField(max_length=50, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"


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

    @staticmethod
    def digest_of(code):
        return hashlib.sha256(code.encode()).hexdigest()


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

    @staticmethod
    def digest_of(code):
        return hashlib.sha256(code.encode()).hexdigest()
