"""The catalogue: courses, venues and dated sessions (what is offered, not who booked)."""

import functools
import uuid
from datetime import datetime, time, timedelta

import holidays
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

# Slugs that would clash with the app's own fixed URLs under /training/.
RESERVED_SLUGS = {
    "sessions",
    "bookings",
    "group-sessions",
    "calendar",
    "calendar-ics",
    "certificates",
    "feedback",
    "alerts",
}


class Sector(models.TextChoices):
    """The sectors a delegate can work in (a fixed list, reported on in registers)."""

    SCHOOLS = "schools", "Schools and education"
    EARLY_YEARS = "early_years", "Early years"
    FURTHER_HIGHER = "further_higher", "Further and higher education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VOLUNTARY = "voluntary", "Voluntary and community"
    FAITH = "faith", "Faith organisation"
    COMMISSIONED = "commissioned", "Commissioned service or contractor"
    OTHER = "other", "Other"


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    class Format(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        ONLINE = "online", "Online (live)"
        E_LEARNING = "e_learning", "E-learning"

    class BookingMethod(models.TextChoices):
        ONLINE = "online", "Book a dated session online"
        ON_REQUEST = "on_request", "Group or team sessions on request"
        E_LEARNING = "e_learning", "External e-learning link"
        DSL_FORM = "dsl_form", "Booking form for Designated Safeguarding Leads"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in the catalogue and search."
    )
    description = models.TextField(help_text="Plain text. A blank line starts a new paragraph.")
    covers = models.TextField(
        "what it covers",
        blank=True,
        help_text="One point per line; shown as a bulleted list.",
    )
    audience = models.TextField("who it is for", blank=True)
    duration = models.CharField(max_length=60, blank=True, help_text="For example, 1.5 hours.")
    format = models.CharField(max_length=20, choices=Format, default=Format.FACE_TO_FACE)
    booking_method = models.CharField(
        "how to book", max_length=20, choices=BookingMethod, default=BookingMethod.ONLINE
    )
    offers_group_sessions = models.BooleanField(
        "group sessions on request",
        default=False,
        help_text="Teams and organisations can ask for a session of their own.",
    )
    council_staff_book_through_hr = models.BooleanField(
        "council employees book through Your HR",
        default=True,
        help_text="County council employees are sent to the HR system, not the public form.",
    )
    external_url = models.URLField(
        "e-learning or booking form link",
        blank=True,
        help_text="For e-learning: the course's address. For the DSL booking form: the form.",
    )
    booking_instructions = models.TextField(
        blank=True, help_text="Plain text shown under 'How to book' (for example, for DSLs)."
    )
    booking_contact_email = models.EmailField(
        blank=True, help_text="A team mailbox (never a person's own address)."
    )
    is_published = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the catalogue."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is used by the training pages."})
        if self.booking_method == self.BookingMethod.E_LEARNING and not self.external_url:
            raise ValidationError({"external_url": "Give the e-learning course's address."})

    @property
    def covers_list(self):
        return [line.strip(" -•\t") for line in self.covers.splitlines() if line.strip(" -•\t")]

    @property
    def paragraphs(self):
        return [part.strip() for part in self.description.split("\n\n") if part.strip()]

    @property
    def books_online(self):
        return self.booking_method == self.BookingMethod.ONLINE


class Venue(models.Model):
    name = models.CharField(max_length=150, help_text="For example, Shire Hall, Warwick.")
    town = models.CharField(max_length=60, help_text="Used by the catalogue's place filter.")
    address = models.TextField(help_text="Street address, one line per line of the address.")
    postcode = models.CharField(max_length=10)
    access_notes = models.TextField(
        blank=True, help_text="Step-free access, parking, hearing loops: shown to delegates."
    )

    class Meta:
        ordering = ["town", "name"]

    def __str__(self):
        return f"{self.name}, {self.town}"

    @property
    def one_line_address(self):
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        return ", ".join([self.name, *lines, self.postcode])


def govuk_time(value):
    """10am, 9:30am, midday: the GOV.UK style for times."""
    local = timezone.localtime(value)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


@functools.cache
def _england_holidays(year):
    # The `holidays` library keeps every bank holiday in England (Easter, the May and
    # August Mondays, substitute days, one-off ones such as coronations): no hand list.
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day):
    return day.weekday() < 5 and day not in _england_holidays(day.year)


def default_booking_closes_at(starts_at):
    """Booking closes at 5pm on the working day before the session."""
    day = timezone.localtime(starts_at).date() - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


class SessionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Session.Status.SCHEDULED)

    def upcoming(self, *, now=None):
        """Scheduled sessions that have not started: the only ones ever offered."""
        return self.scheduled().filter(starts_at__gt=now or timezone.now())

    def with_places(self):
        """Annotate places_taken, places_left and waiting_count in the same query."""
        return self.annotate(
            # Booking.Status values (bookings.py imports this module, not the other way).
            places_taken=Count("bookings", filter=Q(bookings__status="confirmed")),
            waiting_count=Count("bookings", filter=Q(bookings__status="waiting")),
        ).annotate(places_left=Greatest(F("capacity") - F("places_taken"), 0))


class Session(models.Model):
    """One dated run of a course. Times are stored in UTC and shown in Europe/London."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", "At a venue"
        ONLINE = "online", "Online"

    # What the public URLs carry: not the sequential id, so session counts are not exposed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.IN_PERSON)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    room = models.CharField(max_length=100, blank=True, help_text="For example, Room 5.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        help_text="Raising it offers the new places to the waiting list, first come first served."
    )
    booking_closes_at = models.DateTimeField(
        blank=True, help_text="Leave empty for 5pm on the working day before the session."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    notes = models.TextField(
        "notes for delegates", blank=True, help_text="Shown on the site and in emails."
    )
    joining_instructions = models.TextField(
        blank=True,
        help_text="Online sessions: how to join. Sent only to delegates with a confirmed place.",
    )
    # The calendar entry's SEQUENCE: raised by every change delegates are told about, so
    # their calendar replaces the earlier entry (same UID) instead of adding another.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once subscribers to the course's new-date alerts have been told of this session.
    alerts_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(delivery="online") | Q(venue__isnull=False),
                name="training_session_in_person_has_venue",
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__lte=F("starts_at")),
                name="training_session_booking_closes_before_start",
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{self.course.title}, {start:%-d %B %Y %H:%M}, {self.place_name}"

    def save(self, *args, **kwargs):
        if self.booking_closes_at is None and self.starts_at is not None:
            self.booking_closes_at = default_booking_closes_at(self.starts_at)
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.delivery == self.Delivery.IN_PERSON and not self.venue_id:
            errors["venue"] = "Choose a venue, or set the delivery to online."
        if self.starts_at and self.booking_closes_at and self.booking_closes_at > self.starts_at:
            errors["booking_closes_at"] = "Booking must close before the session starts."
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self):
        return self.delivery == self.Delivery.ONLINE

    @property
    def delivery_display(self):
        """What the course and session pages say: online or face to face."""
        return "Online" if self.is_online else "Face to face"

    @property
    def date_display(self):
        return f"{timezone.localtime(self.starts_at):%A %-d %B %Y}"

    @property
    def time_display(self):
        return f"{govuk_time(self.starts_at)} to {govuk_time(self.ends_at)}"

    @property
    def closes_display(self):
        closes = timezone.localtime(self.booking_closes_at)
        return f"{govuk_time(closes)} on {closes:%A %-d %B %Y}"

    @property
    def place_name(self):
        if self.is_online or self.venue is None:
            return "Online"
        return self.venue.town

    @property
    def location(self):
        """Where it happens, as one line (calendar files, emails)."""
        if self.is_online or self.venue is None:
            return "Online (joining details are emailed to delegates)"
        room = f"{self.room}, " if self.room else ""
        return room + self.venue.one_line_address

    @property
    def state(self):
        """booking_state() now, from the places_left annotation (for templates)."""
        return self.booking_state()

    def booking_state(self, *, now=None, places_left=None):
        """One of: cancelled, past, closed, full, open.

        `places_left` defaults to the annotation from `with_places()`.
        """
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.starts_at <= now:
            return "past"
        if self.booking_closes_at and self.booking_closes_at <= now:
            return "closed"
        if places_left is None:
            places_left = self.places_left
        return "open" if places_left > 0 else "full"
