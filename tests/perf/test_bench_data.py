"""The step after `load_demo_content --bench` (bench/bench_data.py)."""

import io

import pytest
from django.core.management.base import CommandError

from bench import bench_data
from tests.training.factories import make_course, make_session
from training.demo import demo_uuid
from training.models import Booking

pytestmark = pytest.mark.django_db


def bench_sessions(count):
    course = make_course()
    return [
        make_session(course=course, days=10 + n, public_id=demo_uuid(f"session:bench-{n}"))
        for n in range(count)
    ]


def test_upcoming_bench_sessions_are_booked_some_full_with_a_waiting_list():
    sessions = bench_sessions(4)
    made = bench_data._book_upcoming_bench_sessions()
    assert made == Booking.objects.count() > 0
    first = sessions[0]  # every fourth is full
    assert first.bookings.filter(status=Booking.Status.CONFIRMED).count() == first.capacity
    assert first.bookings.filter(status=Booking.Status.WAITING).exists()
    for session in sessions:
        confirmed = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        assert confirmed <= session.capacity


def test_a_second_run_adds_nothing():
    bench_sessions(3)
    bench_data._book_upcoming_bench_sessions()
    before = Booking.objects.count()
    assert bench_data._book_upcoming_bench_sessions() == 0
    assert Booking.objects.count() == before


def test_a_data_set_smaller_than_promised_stops_the_load_loudly():
    bench_sessions(1)
    with pytest.raises(CommandError, match="incomplete.*published pages: 0 of 500"):
        bench_data.load(stdout=io.StringIO())
