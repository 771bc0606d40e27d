import io

import pytest
import yaml
from django.conf import settings
from django.utils import timezone

from training import demo
from training.models import Booking, Course, Session, Venue

pytestmark = pytest.mark.django_db


def content_data(name, *fields):
    """The rows of content/data/<name>.yaml, as tuples of `fields`."""
    rows = yaml.safe_load((settings.BASE_DIR / "content" / "data" / f"{name}.yaml").read_text())
    return {tuple(row[field] for field in fields) for row in rows}


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

    # Every course and venue the site's content files hold is there (content/data/).
    assert set(Course.objects.values_list("slug")) >= content_data("courses", "slug")
    assert set(Venue.objects.values_list("name", "town")) >= content_data("venues", "name", "town")
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
