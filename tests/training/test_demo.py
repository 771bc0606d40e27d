import io

import pytest
from django.utils import timezone

from training import demo
from training.models import Booking, Course, Session, Venue

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Course.objects.values_list("slug", "updated_at")),
        sorted(Venue.objects.values_list("pk", "name", "town")),
        sorted(Session.objects.values_list("public_id", "starts_at", "capacity", "updated_at")),
        sorted(Booking.objects.values_list("reference", "status", "email")),
    )


def test_demo_content_is_complete_and_idempotent():
    demo.load(stdout=io.StringIO())
    first = snapshot()
    demo.load(stdout=io.StringIO())
    assert snapshot() == first

    slugs = set(Course.objects.values_list("slug", flat=True))
    assert {
        "workshop-to-raise-awareness-of-prevent",
        "prevent-update-training",
        "prevent-online-grooming",
        "train-the-trainer",
        "dsl-wrap3-train-the-trainer",
        "keeping-your-family-safe-online",
        "prevent-awareness-elearning",
        "prevent-referrals-elearning",
        "channel-awareness-elearning",
    } <= slugs
    towns = set(Venue.objects.values_list("town", flat=True))
    assert {
        "Warwick",
        "Leek Wootton",
        "Nuneaton",
        "Rugby",
        "Stratford-upon-Avon",
        "Mancetter",
        "Leamington Spa",
    } <= towns
    assert Course.objects.get(slug="dsl-wrap3-train-the-trainer").booking_method == "dsl_form"
    elearning = Course.objects.filter(booking_method="e_learning")
    assert all(course.external_url.startswith("https://") for course in elearning)

    now = timezone.now()
    sessions = list(Session.objects.with_places())
    assert any(s.starts_at < now for s in sessions)  # one past
    assert any(s.status == Session.Status.CANCELLED for s in sessions)
    assert any(s.state == "full" and s.waiting_count > 0 for s in sessions)
    assert any(s.state == "open" and 0 < s.places_left <= 2 for s in sessions)  # nearly full
    assert any(s.is_online for s in sessions)
    upcoming = [s for s in sessions if s.starts_at > now]
    assert (max(s.starts_at for s in upcoming) - now).days > 90  # spread over months
