"""After a session: certificates of attendance and attendees' feedback."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from .bookings import Booking

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_certificate_code():
    """12 random characters in three groups (60 bits): unguessable, easy to read out."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """A certificate of attendance. One per booking; issuing again sends nothing new.

    What it says is copied here when it is issued, so a later change to the course's
    title does not change a certificate already given. Anyone with the code can check it
    (/training/certificates/<code>/); the code is the only way to find it.
    """

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(max_length=14, unique=True, default=new_certificate_code)
    full_name = models.CharField(max_length=100)
    course_title = models.CharField(max_length=150)
    session_date = models.DateField()
    duration = models.CharField(max_length=60, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return f"Certificate {self.code}"

    def get_absolute_url(self):
        return reverse("training:certificate", kwargs={"code": self.code})

    @property
    def date_display(self):
        return f"{self.session_date:%-d %B %Y}"


class Usefulness(models.IntegerChoices):
    VERY = 5, "Very useful"
    QUITE = 4, "Useful"
    SOMEWHAT = 3, "Somewhat useful"
    NOT_VERY = 2, "Not very useful"
    NOT_AT_ALL = 1, "Not useful at all"


class Confidence(models.IntegerChoices):
    VERY = 4, "Very confident"
    FAIRLY = 3, "Fairly confident"
    NOT_VERY = 2, "Not very confident"
    NOT_AT_ALL = 1, "Not at all confident"


class FeedbackRequest(models.Model):
    """The feedback link sent to one attended booking, and (once given) the answers.

    One row per booking (the one-to-one says so to the database); the link's token is
    stored only as a SHA-256 hash. An answer is accepted once: `answered_at` is set in
    the same locked update that stores it.
    """

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, related_name="feedback_request"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    usefulness = models.PositiveSmallIntegerField(choices=Usefulness, null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        "confidence to spot and refer", choices=Confidence, null=True, blank=True
    )
    most_useful = models.TextField("what was most useful", blank=True)
    improve = models.TextField("what to improve", blank=True)
    may_publish = models.BooleanField("quote may be published with their role", default=False)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Feedback request for {self.booking}"

    @property
    def is_answered(self):
        return self.answered_at is not None
