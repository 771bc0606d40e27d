"""Demo referrals and a demo Prevent officer, for `make run` only (never with debug off).

Every person here is invented ("Demo Person A"...). The officer account has a fixed,
published password, which is why nothing is loaded unless DEBUG is on. Idempotent: an
existing demo referral or officer is left exactly as it is.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.demo import demo_staff_user

from . import journey, services
from .models import AgeBand, Referral, Stage, StageChange, apply_stage

DEMO_OFFICER_USERNAME = "officer"  # made by core.demo


def raw_answers(letter, *, age, district, concern_type, sector="education"):
    """Raw page answers as the form would post them, so they are validated like real ones."""
    if int(age) < 18:
        family = {"carers": [f"Demo Carer {letter}, parent (fictional)"], "carers_support": ["yes"]}
        awareness = {"person_aware": ["no"], "parents_aware": ["no"]}
    else:
        family = {"children_in_household": ["no"], "children_details": [""]}
        awareness = {"person_aware": ["no"]}
    awareness |= {
        "discussed": ["no"],
        "discussion": [""],
        "safeguarding_lead_consulted": ["i_am_the_lead"],
        "safeguarding_lead_name": [""],
    }
    return {
        "immediate-danger": {"immediate_danger": ["no"]},
        "about-you": {
            "referrer_name": [f"Demo Referrer {letter}"],
            "job_title": ["Designated safeguarding lead"],
            "organisation": ["Demo Academy (fictional)"],
            "sector": [sector],
            "email": [f"demo.referrer.{letter.lower()}@example.com"],
            "phone": ["01632 960 000"],
            "relationship": ["Form tutor"],
        },
        "person": {
            "full_name": [f"Demo Person {letter}"],
            "other_names": [""],
            "date_of_birth_0": [""],
            "date_of_birth_1": [""],
            "date_of_birth_2": [""],
            "approximate_age": [str(age)],
            "gender": ["not_known"],
            "person_phone": [""],
            "person_email": [""],
        },
        "address": {
            "address": ["1 Example Street, Demo Town (fictional)"],
            "postcode": [""],
            "district": [district],
        },
        "family": family,
        "education-and-needs": {
            "setting": ["Demo Academy (fictional)"],
            "first_language": ["English"],
            "interpreter": ["no"],
            "needs": [""],
        },
        "concern": {
            "what_happened": [
                "Demonstration text only. Describes, for the demo, remarks repeated in "
                "lessons over several weeks."
            ],
            "how_it_came_to_light": ["Demonstration text: raised by a colleague."],
            "concern_type": [concern_type],
        },
        "contact-and-material": {
            "contact_with_others": ["not_known"],
            "contact_details": [""],
            "material_seen": ["Demonstration text: memes shared in a group chat."],
        },
        "risks": {
            "online_activity": ["Demonstration text: shares videos in a group chat."],
            "violence": ["no"],
            "violence_details": [""],
            "other_safeguarding": [""],
        },
        "agencies": {
            "agencies_involved": ["no"],
            "agencies": [""],
            "agency_contact": [""],
        },
        "awareness": awareness,
        "declaration": {"confirm": ["on"]},
    }


# The Channel pathway from the police's gateway to support (cases D and E follow it).
TO_ADOPTION = (
    Stage.SHARED_WITH_POLICE,
    Stage.PANEL,
    Stage.CONSENT_SOUGHT,
    Stage.CONSENT_GIVEN,
    Stage.ADOPTED,
)

# (letter, reference, days ago received, age, district, concern,
#  [(days ago, stage) after "received"])
DEMO_CASES = [
    ("A", "PR-DEMA2346", 1, 15, "rugby", "extreme_right_wing", []),
    (
        "B",
        "PR-DEMB2346",
        9,
        17,
        "warwick",
        "no_ideology",
        [(7, Stage.SHARED_WITH_POLICE)],
    ),
    (
        "C",
        "PR-DEMC2346",
        60,
        22,
        "nuneaton_and_bedworth",
        "islamist",
        [(58, Stage.SHARED_WITH_POLICE), (50, Stage.SIGNPOSTED)],
    ),
    (
        "D",
        "PR-DEMD2346",
        80,
        14,
        "stratford_on_avon",
        "incel",
        [*zip((78, 70, 69, 66, 66), TO_ADOPTION, strict=True)],
    ),
    (
        "E",
        "PR-DEME2346",
        400,
        35,
        "north_warwickshire",
        "left_anarchist_single_issue",
        [
            *zip((398, 390, 390, 389, 389), TO_ADOPTION, strict=True),
            (200, Stage.EXITED),
            (20, Stage.REVIEW_6_MONTHS),
        ],
    ),
]


def demo_officer(stdout):
    return demo_staff_user(DEMO_OFFICER_USERNAME)


def new_referral(letter, reference, received_at, *, age, district, concern, sector="education"):
    """An unsaved demo referral, its answers checked by the journey like a real one's."""
    answers, incomplete = journey.clean_steps(
        raw_answers(letter, age=age, district=district, concern_type=concern, sector=sector)
    )
    if incomplete is not None:
        raise RuntimeError(f"Demo referral {letter} is incomplete at {incomplete.slug}.")
    referral = Referral(
        reference=reference,
        received_at=received_at,
        stage_changed_at=received_at,
        referrer_sector=sector,
        district=district,
        age_band=AgeBand.for_age(age),
        concern_type=concern,
    )
    referral.set_answers({"version": journey.ANSWERS_VERSION, "steps": answers})
    return referral


def record(referral, *, steps, officer, today=None):
    """Save a demo referral as received, then each (day, stage) of `steps` through the
    service an officer's clicks go through."""
    received_on = timezone.localdate(referral.received_at)
    apply_stage(referral, previous=None, stage=Stage.RECEIVED, day=received_on)
    referral.save()
    StageChange.objects.create(referral=referral, stage=Stage.RECEIVED, occurred_on=received_on)
    for day, stage in steps:
        adopted = stage == Stage.ADOPTED
        step = services.StageStep(
            stage=stage,
            occurred_on=day,
            note=f"Demonstration note: {stage.label.lower()}.",
            support_plan="Demonstration support plan: mentoring sessions." if adopted else "",
            consent_recorded_on=day if adopted else None,
        )
        services.change_stage(referral_id=referral.pk, step=step, officer=officer, today=today)


def demo_referral(officer, letter, reference, days_ago, age, district, concern, stages):
    today = timezone.localdate()
    received_at = timezone.now() - timedelta(days=days_ago)
    referral = new_referral(
        letter, reference, received_at, age=age, district=district, concern=concern
    )
    steps = [(today - timedelta(days=days), stage) for days, stage in stages]
    record(referral, steps=steps, officer=officer, today=today)
    if letter in {"B", "D"}:
        services.assign_officer(referral_id=referral.pk, assignee=officer, officer=officer)


def load(*, stdout, bench=False):
    if not settings.DEBUG:
        stdout.write("Demo referrals and the demo officer are only loaded with DJANGO_DEBUG=1.")
        return
    officer = demo_officer(stdout)
    created = 0
    for letter, reference, *case in DEMO_CASES:
        if Referral.objects.filter(reference=reference).exists():
            continue
        demo_referral(officer, letter, reference, *case)
        created += 1
    stdout.write(f"Demo referrals: {created} created, {len(DEMO_CASES) - created} already there.")
