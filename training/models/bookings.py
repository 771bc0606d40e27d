"""Who booked: bookings (with waiting lists), their cancel links, and group requests."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.models import staff_reference

from .catalogue import Course, Sector, Session


class Booking(models.Model):
    """A delegate's place (or place in the queue) on a session.

    Retention: delegate details are kept for 2 years after the session (as the privacy
    notice says), then `training.tasks.anonymise_old_bookings` blanks them and keeps only
    the counts (sector, status, attendance) that reports need.
    """

    RETENTION = timedelta(days=2 * 365)

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        UNKNOWN = "", "Not recorded"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    class Source(models.TextChoices):
        ONLINE = "online", "Booked online"
        PHONE = "phone", "Taken by phone"

    class CancelledBy(models.TextChoices):
        DELEGATE = "delegate", "The delegate"
        ADMIN = "admin", "A training administrator"
        SESSION = "session", "The session was cancelled"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    reference = models.CharField(max_length=12, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status)
    attendance = models.CharField(
        max_length=15, choices=Attendance, default=Attendance.UNKNOWN, blank=True
    )
    full_name = models.CharField(max_length=100)
    # Stored lower-cased by the booking service, so the one-booking rule ignores case.
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    organisation = models.CharField(max_length=150)
    sector = models.CharField(max_length=20, choices=Sector)
    job_role = models.CharField(max_length=100)
    needs = models.TextField("access or dietary needs", blank=True)
    source = models.CharField(max_length=10, choices=Source, default=Source.ONLINE)
    taken_by = staff_reference(help_text="The administrator who took a phone booking.")
    # Set on a colleague's booking made in the same form as the delegate who filled it in.
    group_lead = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="colleagues",
        editable=False,
    )
    # The check-your-answers form carries it: a resubmitted form finds its booking.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Online sessions: the joining details again, the day before.
    joining_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        indexes = [models.Index(fields=["session", "status", "created_at"])]
        constraints = [
            # The database's own guard for "one active booking per email per session".
            models.UniqueConstraint(
                Lower("email"),
                F("session"),
                condition=Q(status__in=["confirmed", "waiting"]) & ~Q(email=""),
                name="training_one_active_booking_per_email",
                violation_error_message="This email address already has a booking for this session.",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_active(self):
        return self.status in {self.Status.CONFIRMED, self.Status.WAITING}

    def waiting_position(self):
        """1 for the first person waiting. First come, first served: by time, then id."""
        ahead = Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        return self.session.bookings.filter(ahead, status=self.Status.WAITING).count() + 1

    @property
    def retain_until(self):
        return self.session.ends_at + self.RETENTION


class CancellationToken(models.Model):
    """A cancel link's secret, stored only as a SHA-256 hash.

    The token is random (not derived from the reference or the id). Each email that
    carries a cancel link gets its own token, so older links keep working.
    """

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="cancel_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Cancel link for {self.booking}"


class GroupSessionRequest(models.Model):
    """A team's request for a session of its own. Kept 2 years, like bookings."""

    organisation = models.CharField(max_length=150)
    contact_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    course = models.ForeignKey(
        Course,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_requests",
        help_text="Empty when the organisation was not sure which course.",
    )
    number_of_people = models.PositiveIntegerField()
    preferred_dates = models.TextField()
    preferred_place = models.CharField(max_length=150)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation} ({self.created_at:%-d %b %Y})"
