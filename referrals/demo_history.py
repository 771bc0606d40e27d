"""A past year of clearly fictional referrals at every stage, for the reports.

Loaded by `manage.py load_demo_content` after referrals.demo (whose demo officer records
the stages), in local development only (DEBUG), like every demo referral. Each one is
"Demo Person H<n>", referred by "Demo Referrer H<n>" of a fictional academy, with
answers validated by the referral journey and stored encrypted by the model, and every
stage recorded through `services.change_stage`, as an officer would. Their mix (sector,
district, age, concern, outcome, days to each decision) is drawn from a random generator
with a fixed seed, and each has a fixed reference (PR-H...), so a second run adds,
changes and duplicates nothing.

With `bench` (for `make bench`), 2,000 more statistical cases are written in bulk
straight to the tables (encrypted answers through the model, stage history in clear),
because going through the officer service 6,000 times would only make the set-up slow;
their clear fields still come from models.apply_stage, the rules the service uses.
"""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .demo import DEMO_OFFICER_USERNAME, new_referral, record
from .models import REFERENCE_ALPHABET, Referral, Stage, StageChange, apply_history

PREFIX = "PR-H"
COUNT = 150
BENCH_COUNT = 2000
SEED = "referral-history"

SECTORS = [
    ("education", 35),
    ("police", 15),
    ("health", 12),
    ("social_care", 10),
    ("local_authority", 10),
    ("voluntary", 6),
    ("probation", 5),
    ("faith", 2),
    ("other", 5),
]
DISTRICTS = [
    ("nuneaton_and_bedworth", 30),
    ("warwick", 22),
    ("rugby", 20),
    ("north_warwickshire", 12),
    ("stratford_on_avon", 12),
    ("outside", 4),
]
AGES = [(8, 2), (12, 25), (16, 30), (20, 18), (30, 15), (45, 10)]
CONCERNS = [
    ("no_ideology", 30),
    ("conflicted", 5),
    ("extreme_right_wing", 30),
    ("islamist", 12),
    ("mass_violence", 8),
    ("incel", 6),
    ("left_anarchist_single_issue", 4),
    ("other", 5),
]
GATEWAY = [
    (Stage.NO_FURTHER_ACTION, 40),
    (Stage.SIGNPOSTED, 25),
    (Stage.MANAGED_BY_POLICE, 10),
    (Stage.PANEL, 25),
]


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def reference(number):
    """PR-H and 7 letters or digits from the referral alphabet: fixed for each number."""
    letters = []
    for _ in range(7):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        letters.append(REFERENCE_ALPHABET[digit])
    return PREFIX + "".join(reversed(letters))


def plan(rng, *, received_on, today):
    """The case's fictional details and its stages after "received", as (day, stage)."""
    case = {
        "sector": pick(rng, SECTORS),
        "district": pick(rng, DISTRICTS),
        "age": pick(rng, AGES),
        "concern": pick(rng, CONCERNS),
    }
    steps = []
    day = received_on + timedelta(days=rng.randint(0, 3))
    if rng.random() < 0.04:
        steps.append((day, Stage.CLOSED))  # a duplicate, or the person moved away
    else:
        steps.append((day, Stage.SHARED_WITH_POLICE))
        day += timedelta(days=rng.randint(4, 40))
        outcome = pick(rng, GATEWAY)
        steps.append((day, outcome))
        if outcome == Stage.MANAGED_BY_POLICE and rng.random() < 0.4:
            day += timedelta(days=rng.randint(14, 60))
            outcome = Stage.PANEL
            steps.append((day, outcome))
        if outcome == Stage.PANEL:
            day += timedelta(days=rng.randint(0, 3))
            if rng.random() < 0.7:
                steps.append((day, Stage.CONSENT_SOUGHT))
                day += timedelta(days=rng.randint(1, 10))
                if rng.random() < 0.85:
                    steps.append((day, Stage.CONSENT_GIVEN))
                    steps.append((day, Stage.ADOPTED))
                    day += timedelta(days=rng.randint(120, 200))
                    steps.append((day, Stage.EXITED))
                else:
                    steps.append((day, Stage.CONSENT_DECLINED))
                    steps.append((day, Stage.NOT_ADOPTED))
            else:
                steps.append((day, Stage.NOT_ADOPTED))
        # No further action and signposting close the case themselves.
    # Only what has happened by today, in order.
    happened = []
    for step in steps:
        if step[0] > today:
            break
        happened.append(step)
    return case, happened


def cases(count, today, seed, *, first_number=0):
    """(number, reference, received_at, case, steps) for `count` cases over the past year."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    for number in range(count):
        received_on = today - timedelta(days=2 + (number * 363) // count)
        received_at = timezone.make_aware(
            datetime.combine(received_on, time(9 + rng.randint(0, 7), rng.randint(0, 59)))
        )
        case, steps = plan(rng, received_on=received_on, today=today)
        yield number, reference(first_number + number), received_at, case, steps


def load(*, stdout, bench=False):
    if not settings.DEBUG:
        stdout.write("Demo referral history is only loaded with DJANGO_DEBUG=1.")
        return
    officer = get_user_model().objects.filter(username=DEMO_OFFICER_USERNAME).first()
    if officer is None:
        stdout.write("Referral history: the demo officer is missing; run referrals.demo first.")
        return
    today = timezone.localdate()
    existing = set(
        Referral.objects.filter(reference__startswith=PREFIX).values_list("reference", flat=True)
    )
    created = 0
    for number, ref, received_at, case, steps in cases(COUNT, today, SEED):
        if ref not in existing:
            referral = new_referral(f"H{number + 1}", ref, received_at, **case)
            record(referral, steps=steps, officer=officer, today=today)
            created += 1
    stdout.write(f"Referral history: {created} fictional referrals added ({COUNT} in all).")
    if bench:
        created = _bench(today, existing)
        stdout.write(f"Referral history: {created} bench referrals added.")


def _bench(today, existing):
    """2,000 more cases in bulk: the statistics fields and stage history, for `make bench`."""
    referrals, histories = [], []
    for number, ref, received_at, case, steps in cases(
        BENCH_COUNT, today, SEED + "-bench", first_number=10_000
    ):
        if ref in existing:
            continue
        referral = new_referral(f"H{number + 1}", ref, received_at, **case)
        history = [(timezone.localdate(received_at), Stage.RECEIVED), *steps]
        apply_history(referral, history)
        referrals.append(referral)
        histories.append(history)
    Referral.objects.bulk_create(referrals, batch_size=500)
    StageChange.objects.bulk_create(
        [
            StageChange(referral=referral, stage=stage, occurred_on=day)
            for referral, history in zip(referrals, histories, strict=True)
            for day, stage in history
        ],
        batch_size=1000,
    )
    return len(referrals)
