"""Training models, by journey: the catalogue (courses, venues, sessions), bookings, what
follows a session (certificates, feedback), new-date alerts, and the team's records
(action log, booking drafts).

Reads that several pages share live on the querysets (`Session.objects.upcoming()
.with_places()`); every write that matters goes through `training.services`.
"""

from .after_training import (
    Certificate,
    Confidence,
    FeedbackRequest,
    Usefulness,
    new_certificate_code,
)
from .alerts import DateAlert
from .bookings import Booking, CancellationToken, GroupSessionRequest
from .catalogue import (
    RESERVED_SLUGS,
    Course,
    CourseQuerySet,
    Sector,
    Session,
    SessionQuerySet,
    Venue,
    default_booking_closes_at,
    govuk_time,
    is_working_day,
)
from .records import DRAFT_IDLE_LIMIT, ActionLogEntry, BookingDraft

__all__ = [
    "DRAFT_IDLE_LIMIT",
    "RESERVED_SLUGS",
    "ActionLogEntry",
    "Booking",
    "BookingDraft",
    "CancellationToken",
    "Certificate",
    "Confidence",
    "Course",
    "CourseQuerySet",
    "DateAlert",
    "FeedbackRequest",
    "GroupSessionRequest",
    "Sector",
    "Session",
    "SessionQuerySet",
    "Usefulness",
    "Venue",
    "default_booking_closes_at",
    "govuk_time",
    "is_working_day",
    "new_certificate_code",
]
