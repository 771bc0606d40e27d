"""Report fixtures written straight to the tables, with every date and status chosen.

The reports only read, so their tests set up exactly the history they need (a booking
promoted from a waiting list, a case at panel...) without replaying the officers'
checks. A referral's clear fields still come from referrals.models.apply_history (the
service's own apply_stage, step by step), never a copy of the stage rules. Referral
answers are stored encrypted, through the model.
"""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from referrals.models import Referral, Stage, StageChange, apply_history
from training.models import Booking, Course, Session, Venue

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def london(day, hour=10, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def course(title, order=0):
    number = next(_numbers)
    return Course.objects.create(
        title=title,
        slug=f"report-course-{number}",
        summary="A course.",
        description="About it.",
        order=order,
    )


def venue(name, town):
    return Venue.objects.create(name=name, town=town, address="1 Street", postcode="CV34 4RL")


def session(course, starts_at, *, venue=None, capacity=20, cancelled=False):
    return Session.objects.create(
        course=course,
        venue=venue,
        delivery=Session.Delivery.IN_PERSON if venue else Session.Delivery.ONLINE,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        booking_closes_at=starts_at - timedelta(days=1),
        capacity=capacity,
        status=Session.Status.CANCELLED if cancelled else Session.Status.SCHEDULED,
    )


def bookings(
    session,
    count,
    *,
    status=Booking.Status.CONFIRMED,
    attendance=Booking.Attendance.UNKNOWN,
    sector="schools",
    placed=True,
    promoted=False,
):
    """`count` bookings. placed=False: never had a place; promoted: waited, then got one."""
    made = []
    for _ in range(count):
        number = next(_numbers)
        created_at = session.starts_at - timedelta(days=20)
        if promoted:
            confirmed_at = created_at + timedelta(days=3)
        else:
            confirmed_at = created_at if placed else None
        made.append(
            Booking(
                session=session,
                reference=f"PT-R{number:07d}",
                status=status,
                attendance=attendance,
                full_name=f"Delegate {number}",
                email=f"delegate{number}@example.com",
                phone="01632 960000",
                organisation="Example School",
                sector=sector,
                job_role="Teacher",
                created_at=created_at,
                confirmed_at=confirmed_at,
            )
        )
    return Booking.objects.bulk_create(made)


def referral(
    received_at,
    *,
    sector="education",
    district="rugby",
    age_band="15_17",
    concern="extreme_right_wing",
    stages=(),
):
    """A referral with its stage history: stages = [(days after receipt, stage), ...]."""
    number = next(_numbers)
    case = Referral(
        reference=f"PR-T{number:07d}",
        received_at=received_at,
        stage_changed_at=received_at,
        referrer_sector=sector,
        district=district,
        age_band=age_band,
        concern_type=concern,
        submit_token=f"report-test-{number}",
    )
    case.set_answers({"steps": {"person": {"full_name": "Test Person"}}})
    received_on = received_at.astimezone(LONDON).date()
    history = [
        (received_on + timedelta(days=days), stage)
        for days, stage in [(0, Stage.RECEIVED), *stages]
    ]
    apply_history(case, history)
    case.save()
    StageChange.objects.bulk_create(
        StageChange(referral=case, stage=stage, occurred_on=day) for day, stage in history
    )
    return case


def referrals(count, received_at, **fields):
    return [referral(received_at, **fields) for _ in range(count)]


def on(year, month, day):
    return london(date(year, month, day))
