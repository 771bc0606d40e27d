from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from training.models import Course, default_booking_closes_at, govuk_time

from .factories import make_course

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("starts", "closes"),
    [
        (datetime(2027, 3, 10, 10, tzinfo=LONDON), datetime(2027, 3, 9, 17, tzinfo=LONDON)),
        # A Monday session closes on the Friday before.
        (datetime(2027, 3, 15, 10, tzinfo=LONDON), datetime(2027, 3, 12, 17, tzinfo=LONDON)),
        # After Christmas and Boxing Day, the last working day is the 24th.
        (datetime(2026, 12, 28, 10, tzinfo=LONDON), datetime(2026, 12, 24, 17, tzinfo=LONDON)),
    ],
)
def test_booking_closes_at_5pm_on_the_working_day_before(starts, closes):
    assert default_booking_closes_at(starts) == closes


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(10, 0, "10am"), (9, 30, "9:30am"), (12, 0, "midday"), (14, 30, "2:30pm"), (0, 0, "12am")],
)
def test_times_are_written_the_govuk_way(hour, minute, text):
    assert govuk_time(datetime(2027, 6, 1, hour, minute, tzinfo=LONDON)) == text


@pytest.mark.django_db
def test_course_contract_for_search_and_sitemap():
    shown = make_course(slug="wrap", title="WRAP")
    make_course(slug="hidden", is_published=False)
    assert list(Course.objects.published()) == [shown]
    assert shown.get_absolute_url() == "/training/wrap/"
    assert shown.description and shown.summary


@pytest.mark.django_db
def test_course_slug_cannot_take_a_training_url():
    course = make_course(slug="group-sessions")
    with pytest.raises(ValidationError):
        course.full_clean()


def test_summer_time_session_is_shown_in_london_time():
    from django.utils import timezone

    from training.models import Session

    session = Session(
        starts_at=datetime(2027, 7, 1, 9, 0, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2027, 7, 1, 11, 0, tzinfo=ZoneInfo("UTC")),
    )
    assert session.time_display == "10am to midday"
    assert timezone.localtime(session.starts_at).date() == date(2027, 7, 1)
