"""Run after `load_demo_content --bench` (`python -m bench.bench_data`): finish and check
the scaled data set.

Each app's demo module adds its own share when asked for the bench set: 500 content
pages (pages.demo), 300 upcoming sessions (training.demo), about 20,000 past bookings
(training.demo_history) and 2,000 referrals, encrypted by the referral model
(referrals.demo_history). This module runs after them and

- books the upcoming bench sessions the way a busy term looks (some full, with a
  waiting list, a few cancellations), in bulk, so the catalogue and course pages count
  real rows when they show places left: the history bookings are all on past sessions;
- checks the totals and stops loudly if one falls short, so `make bench` never
  measures a smaller site than it says.

Idempotent: every booking has a fixed reference (PT-U...) and is skipped if present.
"""

import random
from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

TARGETS = {
    "published pages": 500,
    "upcoming sessions": 300,
    "bookings": 20_000,
    "referrals": 2_000,
}
BENCH_SESSIONS = 300  # training.demo's "bench-<n>" sessions
REFERENCE_PREFIX = "PT-U"


def load(*, stdout):
    made = _book_upcoming_bench_sessions()
    counts = current_counts()
    stdout.write(
        f"Bench data: {made} bookings added on upcoming sessions; "
        + ", ".join(f"{count:,} {name}" for name, count in counts.items())
        + "."
    )
    short = [
        f"{name}: {counts[name]:,} of {target:,}"
        for name, target in TARGETS.items()
        if counts[name] < target
    ]
    if short:
        raise CommandError("The bench data set is incomplete (" + "; ".join(short) + ").")


def current_counts():
    from pages.models import Page
    from referrals.models import Referral
    from training.models import Booking, Session

    return {
        "published pages": Page.objects.published().count(),
        "upcoming sessions": Session.objects.upcoming().count(),
        "bookings": Booking.objects.count(),
        "referrals": Referral.objects.count(),
    }


def _book_upcoming_bench_sessions():
    from training.demo import ORGANISATIONS, demo_uuid, invented_delegate
    from training.models import Booking, Session

    ids = [demo_uuid(f"session:bench-{index}") for index in range(BENCH_SESSIONS)]
    sessions = {s.public_id: s for s in Session.objects.filter(public_id__in=ids)}
    existing = set(
        Booking.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list(
            "reference", flat=True
        )
    )
    bookings = []
    for index, public_id in enumerate(ids):
        session = sessions.get(public_id)
        if session is None:
            continue
        rng = random.Random(f"bench-upcoming-{index}")  # noqa: S311 (demo data)
        full = index % 4 == 0
        confirmed = session.capacity if full else rng.randrange(session.capacity)
        waiting = rng.randrange(1, 6) if full else 0
        cancelled = rng.randrange(3)
        statuses = (
            [Booking.Status.CONFIRMED] * confirmed
            + [Booking.Status.WAITING] * waiting
            + [Booking.Status.CANCELLED] * cancelled
        )
        for number, status in enumerate(statuses):
            reference = f"{REFERENCE_PREFIX}{index:03d}{number:05d}"
            if reference in existing:
                continue
            booked_at = min(session.starts_at, timezone.now()) - timedelta(days=30, hours=number)
            bookings.append(
                Booking(
                    session=session,
                    reference=reference,
                    status=status,
                    full_name=f"Bench Delegate {number + 1}",
                    email=f"bench.delegate.{index}.{number}@example.com",
                    phone="01632 960000",
                    **invented_delegate(
                        ORGANISATIONS[number % len(ORGANISATIONS)], booked_at=booked_at
                    ),
                    confirmed_at=booked_at if status == Booking.Status.CONFIRMED else None,
                    cancelled_at=booked_at if status == Booking.Status.CANCELLED else None,
                    cancelled_by=(
                        Booking.CancelledBy.DELEGATE if status == Booking.Status.CANCELLED else ""
                    ),
                )
            )
    Booking.objects.bulk_create(bookings, batch_size=1000)
    if bookings:
        # bulk_create sends no signals: retire the cached training pages by hand.
        from core.page_cache import bump

        bump("training")
    return len(bookings)


if __name__ == "__main__":
    import sys

    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        load(stdout=sys.stdout)
