"""Loads training's part of content/: the courses (content/data/courses.yaml) and the
venues (content/data/venues.yaml). Registered with core.content in TrainingConfig.ready().

Courses and venues keep no load hash (yet), so an existing row is never updated here: a
difference from the file is reported for an editor to look at (core.content.NO_RECORD).
Nothing fictional: the demo's sessions and bookings come from training/demo.py.
"""

from core.content import read_yaml, sync_row

from .models import Course, Venue

COURSE_DEFAULTS = {
    "summary": "",
    "description": "",
    "covers": "",
    "audience": "",
    "duration": "",
    "format": Course.Format.FACE_TO_FACE,
    "booking_method": Course.BookingMethod.ONLINE,
    "offers_group_sessions": False,
    "council_staff_book_through_hr": True,
    "external_url": "",
    "booking_instructions": "",
    "booking_contact_email": "",
    "is_published": True,
}


def _text(value):
    """YAML folded text as the admin would store it: paragraphs kept, lines joined."""
    paragraphs = str(value or "").strip().split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph)


def course_fields(item):
    fields = {**COURSE_DEFAULTS, **{k: v for k, v in item.items() if k != "slug"}}
    for name in ("summary", "description", "audience", "booking_instructions"):
        fields[name] = _text(fields[name])
    fields["covers"] = "\n".join(item.get("covers") or [])
    return fields


def load(*, report):
    for item in read_yaml("courses"):
        sync_row(
            report,
            Course,
            lookup={"slug": item["slug"]},
            fields=course_fields(item),
            label=f"course {item['slug']!r}",
            hash_field=None,
        )
    for item in read_yaml("venues"):
        fields = {
            "address": "\n".join(item["address"]),
            "postcode": item["postcode"],
            "access_notes": _text(item.get("access_notes")),
        }
        sync_row(
            report,
            Venue,
            lookup={"name": item["name"], "town": item["town"]},
            fields=fields,
            label=f"venue {item['name']}, {item['town']}",
            hash_field=None,
        )
