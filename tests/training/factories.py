"""Factories for the training tests: small and explicit."""

import itertools
from datetime import timedelta

from django.utils import timezone

from training import services
from training.models import Course, Sector, Session, Venue

_counter = itertools.count(1)


def make_course(**fields):
    number = next(_counter)
    defaults = {
        "title": f"Workshop {number}",
        "slug": f"workshop-{number}",
        "summary": "An introduction to Prevent.",
        "description": "What Prevent is.\n\nWhy it matters.",
        "covers": "Vulnerability\nSigns\nSupport",
        "audience": "Anyone.",
        "duration": "1 hour 30 minutes",
    }
    return Course.objects.create(**{**defaults, **fields})


def make_venue(**fields):
    defaults = {
        "name": "Shire Hall",
        "town": "Warwick",
        "address": "Market Place\nWarwick",
        "postcode": "CV34 4RL",
        "access_notes": "Step-free entrance.",
    }
    return Venue.objects.create(**{**defaults, **fields})


def make_session(*, course=None, venue=None, days=10, capacity=20, **fields):
    starts_at = fields.pop("starts_at", None) or (
        timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=days)
    )
    if venue is None and fields.get("delivery") != Session.Delivery.ONLINE:
        venue = make_venue()
    return Session.objects.create(
        course=course or make_course(),
        venue=venue,
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", None) or starts_at + timedelta(hours=2),
        capacity=capacity,
        **fields,
    )


def delegate(number=1, **fields):
    defaults = {
        "full_name": f"Delegate {number}",
        "email": f"delegate{number}@example.com",
        "phone": "01632 960001",
        "organisation": "Northfield School",
        "sector": Sector.SCHOOLS,
        "job_role": "Teacher",
        "needs": "",
    }
    return services.Delegate(**{**defaults, **fields})


def book(session, number=1, **fields):
    return services.book_place(session_id=session.pk, delegate=delegate(number, **fields)).booking


def fill(session, count, start=1):
    return [book(session, number) for number in range(start, start + count)]


def reload(obj):
    obj.refresh_from_db()
    return obj
