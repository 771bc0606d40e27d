"""Demo content for the training app, loaded by `manage.py load_demo_content`.

The courses, venues and e-learning links come from the seed page, in our own words.
Sessions are dated relative to the day the command runs, and keep a fixed identity
(a UUID derived from a name), so running it again moves them rather than adding more:
a second run on the same day changes and duplicates nothing. Venue addresses are
illustrative. Demo bookings use example.com addresses and are made without emails.
"""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import (
    Booking,
    Course,
    Sector,
    Session,
    Venue,
    default_booking_closes_at,
    is_working_day,
)

DEMO_NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4f0e-9d57-3b8f2a1c9e40")
ELEARNING = "https://www.elearning.prevent.homeoffice.gov.uk"

COURSES = [
    {
        "slug": "workshop-to-raise-awareness-of-prevent",
        "title": "Workshop to Raise Awareness of Prevent (WRAP)",
        "summary": "A Home Office approved introduction to Prevent: what can make someone "
        "vulnerable to radicalisation, the signs to look for and how to get them support.",
        "description": "This workshop is the starting point for anyone new to Prevent. It "
        "explains why radicalisation is treated as a safeguarding matter, like other forms "
        "of harm and abuse, and what you can do when you are worried about someone.\n\n"
        "It is open to community members, professionals, partner agencies and the services "
        "the council commissions.",
        "covers": "What Prevent is and why it matters\n"
        "What may make a person vulnerable to being drawn into terrorism\n"
        "Signs and behaviours that may point to radicalisation\n"
        "The support available and how to ask for it",
        "audience": "Anyone who lives or works in Warwickshire: communities, individuals, "
        "professionals, partner agencies and commissioned services and providers.",
        "duration": "About 1 hour 30 minutes",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.ONLINE,
        "offers_group_sessions": True,
        "order": 10,
    },
    {
        "slug": "prevent-update-training",
        "title": "Prevent update training",
        "summary": "A refresher on the Prevent duty and the current local picture, for people "
        "who have done WRAP before and for people new to Prevent.",
        "description": "The Prevent duty began in 2015. Since then the threat from violent "
        "extremism has changed, and so have the ways people are drawn in. This revised "
        "course brings your knowledge up to date and is a practical guide to the duty for "
        "practitioners.\n\nIt builds on WRAP with the local threats and risks from "
        "extremist groups, the signs and symbols of far-right groups, the part the internet "
        "plays, and how to make a good Prevent referral.",
        "covers": "A short overview of the Prevent duty\n"
        "Current priorities and risks in Warwickshire\n"
        "Signs and symbols linked to extremism\n"
        "How online grooming works and its impact\n"
        "The support on offer and how to reach it",
        "audience": "Staff who attended WRAP some time ago and need a refresh, and staff who "
        "are new to Prevent. Also offered to local commissioned services and providers.",
        "duration": "About 1 hour 30 minutes",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.ONLINE,
        "offers_group_sessions": True,
        "order": 20,
    },
    {
        "slug": "prevent-online-grooming",
        "title": "Prevent online grooming",
        "summary": "How social media and online gaming are used to groom vulnerable people, "
        "for radicalisation and other kinds of harm, and how to help them stay safe.",
        "description": "Groomers use the same apps and games that young people and vulnerable "
        "adults use every day. This course looks at how that happens, not only for "
        "radicalisation but for other kinds of harm too, and what you can do about it.",
        "covers": "How different social media apps can be misused\n"
        "The dark web\n"
        "Online gaming and in-game chat\n"
        "Practical guides to staying safe online",
        "audience": "Professionals and volunteers who work with children, young people or "
        "adults who may be vulnerable.",
        "duration": "About 2 hours",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.ONLINE,
        "offers_group_sessions": True,
        "order": 30,
    },
    {
        "slug": "train-the-trainer",
        "title": "Train the trainer (WRAP)",
        "summary": "An extended introduction to Prevent for staff who will deliver the "
        "Workshop to Raise Awareness of Prevent in their own organisation.",
        "description": "This course goes deeper than WRAP and prepares you to run the "
        "workshop yourself, so that your colleagues can be trained in-house.",
        "covers": "Prevent in more depth than WRAP\n"
        "How to deliver the WRAP workshop\n"
        "Answering the questions delegates often ask",
        "audience": "Staff who need an extended introduction to Prevent and will train "
        "others in their organisation.",
        "duration": "2 hours 30 minutes to 3 hours",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.ONLINE,
        "order": 40,
    },
    {
        "slug": "dsl-wrap3-train-the-trainer",
        "title": "Online train the trainer for Designated Safeguarding Leads (WRAP 3)",
        "summary": "Prepares Designated Safeguarding Leads in schools to run WRAP 3, the "
        "online version of WRAP, with their staff.",
        "description": "WRAP 3 is the online version of the original workshop. Designated "
        "Safeguarding Leads used to attend a train the trainer course run by police "
        "Prevent officers so that they could deliver WRAP to school staff. These workshops "
        "now help them use the online WRAP 3 programme with groups of staff, so that "
        "everyone in school is trained and informed about Prevent.",
        "covers": "Using the WRAP 3 online programme with groups of staff\n"
        "Keeping staff informed about Prevent",
        "audience": "Designated Safeguarding Leads in schools.",
        "duration": "Half a day",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.DSL_FORM,
        "council_staff_book_through_hr": False,
        "booking_instructions": "Book with the WRAP 3 booking form. Ask the Education "
        "Safeguarding team for the form and the course outline, fill the form in and email "
        "it back to them.",
        "booking_contact_email": "education-safeguarding@warwickshire.example",
        "order": 50,
    },
    {
        "slug": "keeping-your-family-safe-online",
        "title": "Online grooming: keeping your family safe",
        "summary": "A session for parents, carers and front-line workers on how young people "
        "are targeted online, and how to set up technology at home to keep them safe.",
        "description": "The first half looks at how groomers target and befriend young "
        "people online. In the second half the Community Safety team's cyber crime "
        "advisers show some of the sites young people use, the risks on them, and how to "
        "add security settings to the technology in your home.\n\nParents can book a place "
        "on a dated session. Schools and community groups can also arrange a session for a "
        "group of parents at a time that suits them.",
        "covers": "How young people are targeted and befriended online\n"
        "Websites and apps young people may use, and their risks\n"
        "Security settings for phones, tablets, consoles and home broadband",
        "audience": "Parents, carers and front-line workers. If you are booking as a parent, "
        "enter 'Parent' as your organisation and job role.",
        "duration": "About 1 hour 30 minutes",
        "format": Course.Format.FACE_TO_FACE,
        "booking_method": Course.BookingMethod.ONLINE,
        "council_staff_book_through_hr": False,
        "offers_group_sessions": True,
        "order": 60,
    },
    {
        "slug": "prevent-awareness-elearning",
        "title": "Prevent awareness e-learning",
        "summary": "The Home Office's free introduction to Prevent, online. It takes about "
        "30 minutes; log in as a guest.",
        "description": "Learn about the process of radicalisation, how to spot people at risk "
        "and what to do to help. The course was refreshed with new case studies and the "
        "lessons of recent attacks.",
        "audience": "Anyone. A good first step before WRAP.",
        "duration": "About 30 minutes",
        "format": Course.Format.E_LEARNING,
        "booking_method": Course.BookingMethod.E_LEARNING,
        "council_staff_book_through_hr": False,
        "external_url": ELEARNING + "/",
        "order": 70,
    },
    {
        "slug": "prevent-referrals-elearning",
        "title": "Prevent referrals e-learning",
        "summary": "For people who already know about Prevent: gives you the confidence to "
        "refer someone for help, and to respond well when a referral comes to you.",
        "description": "This course is for people who have done the awareness e-learning or "
        "WRAP. It is for anyone who may notice signs of vulnerability to radicalisation, and "
        "for those, such as line managers, who receive referrals and must decide what to "
        "do next.",
        "audience": "Anyone who has done Prevent awareness e-learning or WRAP.",
        "format": Course.Format.E_LEARNING,
        "booking_method": Course.BookingMethod.E_LEARNING,
        "council_staff_book_through_hr": False,
        "external_url": ELEARNING + "/preventreferrals",
        "order": 80,
    },
    {
        "slug": "channel-awareness-elearning",
        "title": "Channel awareness e-learning",
        "summary": "What Channel is, how it works in your region and how to organise a "
        "Channel panel, including sharing information about a case.",
        "description": "For anyone who may be asked to contribute to, sit on or run a "
        "Channel panel, from a professional attending for the first time to someone new to "
        "organising panel meetings. It also covers how, when and with whom to share "
        "information about a Channel case.",
        "audience": "Professionals who may take part in a Channel panel.",
        "format": Course.Format.E_LEARNING,
        "booking_method": Course.BookingMethod.E_LEARNING,
        "council_staff_book_through_hr": False,
        "external_url": ELEARNING + "/channelawareness",
        "order": 90,
    },
]

VENUES = {
    "warwick-shire-hall": {
        "name": "Shire Hall",
        "town": "Warwick",
        "address": "Market Place\nWarwick",
        "postcode": "CV34 4RL",
        "access_notes": "Step-free entrance from Market Place. Hearing loop in the meeting "
        "rooms. Pay and display parking nearby.",
    },
    "warwick-saltisford": {
        "name": "Saltisford Office Park, Building 1",
        "town": "Warwick",
        "address": "Ansell Way\nWarwick",
        "postcode": "CV34 4UL",
        "access_notes": "Step-free access and a lift. Free parking on site.",
    },
    "leek-wootton": {
        "name": "Police headquarters",
        "town": "Leek Wootton",
        "address": "Leek Wootton\nWarwick",
        "postcode": "CV35 7QA",
        "access_notes": "Bring photo ID to sign in at reception. Free parking on site.",
    },
    "nuneaton": {
        "name": "Town Hall",
        "town": "Nuneaton",
        "address": "Coton Road\nNuneaton",
        "postcode": "CV11 5AA",
        "access_notes": "Step-free access from the side entrance.",
    },
    "rugby": {
        "name": "Town Hall",
        "town": "Rugby",
        "address": "Evreux Way\nRugby",
        "postcode": "CV21 2RR",
        "access_notes": "Step-free access. Public car parks nearby.",
    },
    "stratford": {
        "name": "Elizabeth House",
        "town": "Stratford-upon-Avon",
        "address": "Church Street\nStratford-upon-Avon",
        "postcode": "CV37 6HX",
        "access_notes": "",
    },
    "mancetter": {
        "name": "Mancetter Memorial Hall",
        "town": "Mancetter",
        "address": "Quarry Lane\nMancetter\nAtherstone",
        "postcode": "CV9 1NL",
        "access_notes": "Step-free access. Free parking beside the hall.",
    },
    "leamington": {
        "name": "Town Hall",
        "town": "Leamington Spa",
        "address": "The Parade\nRoyal Leamington Spa",
        "postcode": "CV32 4AT",
        "access_notes": "Step-free entrance on Parade.",
    },
}

# (key, course slug, days from today, start, end, venue key or None for online,
#  capacity, confirmed, waiting, extra)
SESSIONS = [
    ("wrap-1", "workshop-to-raise-awareness-of-prevent", 9, (10, 0), (12, 0), "warwick-shire-hall", 25, 23, 0, {"room": "Room 5"}),
    ("wrap-2", "workshop-to-raise-awareness-of-prevent", 30, (10, 0), (12, 0), "leek-wootton", 25, 6, 0, {}),
    ("wrap-3", "workshop-to-raise-awareness-of-prevent", 58, (10, 0), (12, 0), "nuneaton", 25, 2, 0, {}),
    ("wrap-4", "workshop-to-raise-awareness-of-prevent", 86, (10, 0), (12, 0), "warwick-saltisford", 25, 0, 0, {"room": "Conference room 1"}),
    ("wrap-5", "workshop-to-raise-awareness-of-prevent", 114, (10, 0), (12, 0), "rugby", 25, 0, 0, {}),
    ("wrap-past", "workshop-to-raise-awareness-of-prevent", -14, (10, 0), (12, 0), "warwick-shire-hall", 25, 8, 0, {"room": "Room 5"}),
    ("update-1", "prevent-update-training", 16, (10, 0), (12, 0), "nuneaton", 20, 20, 3, {}),
    ("update-2", "prevent-update-training", 44, (10, 0), (12, 0), "stratford", 20, 18, 0, {}),
    ("update-3", "prevent-update-training", 72, (10, 0), (12, 0), "rugby", 20, 4, 0, {}),
    ("update-4", "prevent-update-training", 100, (10, 0), (12, 0), "warwick-saltisford", 20, 1, 0, {"room": "Conference room 1"}),
    ("update-5", "prevent-update-training", 128, (10, 0), (12, 0), "mancetter", 20, 0, 0, {}),
    ("update-cancelled", "prevent-update-training", 37, (10, 0), (12, 0), "warwick-shire-hall", 20, 0, 0, {"status": Session.Status.CANCELLED}),
    ("grooming-1", "prevent-online-grooming", 23, (10, 0), (12, 0), None, 30, 12, 0, {"joining_instructions": "We will email you a Microsoft Teams link the day before."}),
    ("grooming-2", "prevent-online-grooming", 65, (13, 30), (15, 30), "leamington", 30, 3, 0, {}),
    ("ttt-1", "train-the-trainer", 51, (14, 0), (16, 30), "leamington", 12, 10, 0, {}),
    ("ttt-2", "train-the-trainer", 107, (9, 30), (12, 30), "warwick-shire-hall", 12, 2, 0, {}),
    ("parents-1", "keeping-your-family-safe-online", 20, (18, 30), (20, 0), None, 40, 9, 0, {"joining_instructions": "We will email you a Microsoft Teams link the day before."}),
    ("parents-2", "keeping-your-family-safe-online", 79, (18, 30), (20, 0), "nuneaton", 40, 0, 0, {}),
]  # fmt: skip

FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harj", "Isla", "Jack"]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes"]
ORGANISATIONS = [
    ("Northfield Primary School", Sector.SCHOOLS, "Teacher"),
    ("Warwickshire College Group", Sector.FURTHER_HIGHER, "Student support officer"),
    ("South Warwickshire NHS Trust", Sector.HEALTH, "Community nurse"),
    ("Riverside Housing", Sector.VOLUNTARY, "Support worker"),
    ("Little Acorns Nursery", Sector.EARLY_YEARS, "Nursery manager"),
    ("St Mary's Church", Sector.FAITH, "Youth leader"),
    ("Rugby Borough Council", Sector.LOCAL_AUTHORITY, "Housing officer"),
    ("Care at Home Ltd", Sector.COMMISSIONED, "Care co-ordinator"),
]


def upsert(model, lookup, values):
    """Create, or update only the fields that differ: a second run saves nothing."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save()
    return obj


def demo_uuid(name):
    return uuid.uuid5(DEMO_NAMESPACE, name)


def session_day(today, days):
    """today + days, moved on to a working day."""
    day = today + timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def at(day, hour_minute):
    return timezone.make_aware(datetime.combine(day, time(*hour_minute)))


def load(*, stdout, bench=False):
    today = timezone.localdate()
    courses = {}
    for data in COURSES:
        data = {"is_published": True, "council_staff_book_through_hr": True, **data}
        course = upsert(Course, {"slug": data["slug"]}, data)
        courses[course.slug] = course
    venues = {}
    for key, data in VENUES.items():
        venue = upsert(Venue, {"name": data["name"], "town": data["town"]}, data)
        venues[key] = venue
    booking_count = 0
    for key, slug, days, start, end, venue_key, capacity, confirmed, waiting, extra in SESSIONS:
        day = session_day(today, days)
        session = _demo_session(
            key,
            course=courses[slug],
            starts_at=at(day, start),
            ends_at=at(day, end),
            venue=venues.get(venue_key),
            capacity=capacity,
            **extra,
        )
        booking_count += _demo_bookings(session, key, confirmed, waiting, past=days < 0)
    stdout.write(
        f"Training: {len(courses)} courses, {len(venues)} venues, {len(SESSIONS)} sessions, "
        f"{booking_count} demo bookings."
    )
    if bench:
        _bench_sessions(today, courses, venues, stdout)


def _demo_session(key, *, course, starts_at, ends_at, venue, capacity, **extra):
    status = extra.pop("status", Session.Status.SCHEDULED)
    defaults = {
        "course": course,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "booking_closes_at": default_booking_closes_at(starts_at),
        "delivery": Session.Delivery.IN_PERSON if venue else Session.Delivery.ONLINE,
        "venue": venue,
        "capacity": capacity,
        "status": status,
        "room": "",
        "notes": "",
        "joining_instructions": "",
        **extra,
    }
    session = upsert(Session, {"public_id": demo_uuid(f"session:{key}")}, defaults)
    if status == Session.Status.CANCELLED and session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
    return session


def _demo_bookings(session, key, confirmed, waiting, *, past):
    """Fixed demo delegates: the same references on every run."""
    made = 0
    for index in range(confirmed + waiting):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
        organisation, sector, role = ORGANISATIONS[index % len(ORGANISATIONS)]
        is_confirmed = index < confirmed
        reference = "PT-D" + demo_uuid(f"booking:{key}:{index}").hex[:7].upper()
        booked_at = session.starts_at - timedelta(days=30 - index % 20)
        defaults = {
            "session": session,
            "status": Booking.Status.CONFIRMED if is_confirmed else Booking.Status.WAITING,
            "full_name": f"{first} {last}",
            "email": f"{first}.{last}.{key}.{index}@example.com".lower(),
            "phone": f"01632 960{index:03d}",
            "organisation": organisation,
            "sector": sector,
            "job_role": role,
            "created_at": booked_at,
            "confirmed_at": booked_at if is_confirmed else None,
            # Demo delegates are not sent reminders.
            "reminder_sent_at": booked_at,
            "attendance": (
                (Booking.Attendance.ATTENDED if index % 4 else Booking.Attendance.DID_NOT_ATTEND)
                if past and is_confirmed
                else Booking.Attendance.UNKNOWN
            ),
        }
        upsert(Booking, {"reference": reference}, defaults)
        made += 1
    return made


def _bench_sessions(today, courses, venues, stdout):
    """300 more upcoming sessions for `make bench` and the catalogue's query-count check."""
    bookable = [course for course in courses.values() if course.books_online]
    venue_list = list(venues.values())
    for index in range(300):
        day = session_day(today, 7 + index % 180)
        _demo_session(
            f"bench-{index}",
            course=bookable[index % len(bookable)],
            starts_at=at(day, (10, 0)),
            ends_at=at(day, (12, 0)),
            venue=venue_list[index % len(venue_list)],
            capacity=20,
        )
    stdout.write("Training: 300 bench sessions.")
