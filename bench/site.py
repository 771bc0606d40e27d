"""What the bench driver does inside Django (after django.setup(), with the bench settings):
picking the pages to measure, the signed-in staff session for the reports page, the
burst's fresh session and its outcome, and an editor's change for the scale-out step.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

BENCH_STAFF_USERNAME = "bench-staff"
BURST_COURSE = "workshop-to-raise-awareness-of-prevent"
SEARCH_QUERY = "radicalisation"


def pages_to_measure():
    """(name, path, kind) of each page the bench drives; kind is "baseline", "info",
    "public", "form" or "staff"."""
    from pages.models import Page
    from training.models import Course, Session

    content = (
        Page.objects.published()
        .filter(parent__isnull=False, kind=Page.Kind.STANDARD)
        .exclude(path__startswith="case-studies")
        .order_by("path")
        .first()
    )
    course = Course.objects.published().get(slug=BURST_COURSE)
    first_open = next(
        session
        for session in Session.objects.upcoming()
        .filter(course=course, capacity__gte=5)
        .with_places()
        .order_by("starts_at")
        if session.booking_state() == "open"
    )
    pages = [
        # The yardstick: Django's bare view with only Django's default middleware, served by
        # its own gunicorn (bench/baseline_settings.py) with the same worker count.
        ("baseline", "/bench/baseline/", "baseline"),
        # The same bare view through the site's own middleware: what that stack costs.
        ("site baseline", "/bench/baseline/", "info"),
        ("home", "/", "public"),
        ("content page", content.get_absolute_url(), "public"),
        ("training catalogue", "/training/", "public"),
        ("course page", course.get_absolute_url(), "public"),
        ("search results", f"/search/?q={SEARCH_QUERY}", "public"),
        ("first booking page", f"/training/sessions/{first_open.public_id}/book/", "form"),
    ]
    if _reports_installed():
        pages.append(("reports page", "/admin/reports/", "staff"))
    return pages


def _reports_installed():
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("reports:index")
    except NoReverseMatch:
        return False
    return True


def staff_session_cookie():
    """A signed-in, two-factor-verified staff session in the bench database.

    Made the way a real sign-in makes it (django.contrib.auth.login, then django-otp's
    login with a confirmed authenticator device), so the admin's checks all pass.
    Returns the Cookie header value.
    """
    import django_otp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.roles import PREVENT_OFFICER, TRAINING_ADMIN

    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_STAFF_USERNAME,
        defaults={"email": "bench-staff@example.com", "is_staff": True},
    )
    user.is_staff = True
    user.is_active = True
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name__in=[TRAINING_ADMIN, PREVENT_OFFICER]))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Bench device", confirmed=True)

    request = RequestFactory().get("/admin/", REMOTE_ADDR="127.0.0.1")
    request.session = SessionStore()
    request.user = user  # what the middleware would have set; django-otp checks it
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    django_otp.login(request, device)
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"


def new_burst_session(capacity=20):
    """A fresh 20-place session of a bookable course, a month ahead, nobody booked yet."""
    from training.models import Course, Session, Venue

    course = Course.objects.get(slug=BURST_COURSE)
    starts_at = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(
        days=30
    )
    session = Session(
        course=course,
        venue=Venue.objects.order_by("pk").first(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=capacity,
        room="Bench burst",
        public_id=uuid.uuid4(),
    )
    session.full_clean()
    session.save()
    return session


def booking_counts(session_id):
    from training.models import Booking

    rows = Booking.objects.filter(session_id=session_id).values_list("status", flat=True)
    counts = dict.fromkeys(Booking.Status.values, 0)
    for status in rows:
        counts[status] += 1
    return counts


def emails_sent_for(session_id):
    """(queued, sent) emails of the bookings on a session."""
    from core.models import OutboundEmail
    from training.models import Booking
    from training.notifications import booking_topic

    topics = [booking_topic(booking) for booking in Booking.objects.filter(session_id=session_id)]
    emails = OutboundEmail.objects.filter(topic__in=topics)
    return emails.count(), emails.filter(status=OutboundEmail.Status.SENT).count()


def remove_burst_session(session_id):
    """Delete the burst's session, its bookings and their emails: the next run starts clean."""
    from django.db import transaction

    from core.models import OutboundEmail
    from training.models import Booking, Session
    from training.notifications import booking_topic

    with transaction.atomic():
        bookings = list(Booking.objects.filter(session_id=session_id))
        OutboundEmail.objects.filter(topic__in=[booking_topic(b) for b in bookings]).delete()
        Booking.objects.filter(session_id=session_id).delete()
        Session.objects.filter(pk=session_id).delete()


def change_page_title(path, title):
    """An editor's change to a published page, through the content app's own service."""
    from pages.models import Page
    from pages.services import save_page

    page = Page.objects.get(path=path.strip("/"))
    previous = page.title
    page.title = title
    save_page(page=page)
    return previous
