"""Referral statistics against a hand-counted set, from the clear fields only.

Period 1 January to 30 June 2026. Received:
- A: 6 on 10 January (education, Rugby, 15 to 17, extreme right-wing), shared with
  police the next day; gateway decisions after 2 (no further action), 4 (signposted),
  10 (no further action, then closed), 20 (panel, then adopted), 30 (panel, then not
  adopted) and 40 days (managed by police).
- B: 5 on 3 February (police, Warwick, 18 to 24, Islamist): managed by police after 5
  days, then to panel after 10, 40, 50, 60 and 70 days, no decision yet.
- C: 5 at 11:30pm on 31 March (health, Nuneaton and Bedworth, 10 to 14, incel): 4 not
  yet shared, 1 closed the same day.
- D: 7 at 00:15 on 1 April, London time, which is still 31 March in UTC (social care,
  Stratford-on-Avon, 25 to 39, mixed): shared, no decision yet.
- Outside: 11:30pm on 31 December 2025 and 00:30 on 1 July 2026 (London).

Gateway days: 2, 4, 5, 5, 5, 5, 5, 10, 20, 30, 40 -> median 5, 90th percentile 30.
Panel days: 10, 20, 30, 40, 50, 60, 70 -> median 40, 90th percentile 60 + 0.4 x 10 = 64.
"""

from datetime import date

import pytest

from referrals.models import Referral, Stage
from reports.periods import Period
from reports.referral_figures import (
    _times_in_python,
    percentile,
    referral_counts,
    referral_tables,
    total_display,
)

from . import factories as f

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
S = Stage


@pytest.fixture
def cases(db):
    jan = {"sector": "education", "district": "rugby", "age_band": "15_17"}
    for stages in (
        [(2, S.NO_FURTHER_ACTION)],
        [(4, S.SIGNPOSTED)],
        [(10, S.NO_FURTHER_ACTION), (12, S.CLOSED)],
        [(20, S.PANEL), (21, S.ADOPTED)],
        [(30, S.PANEL), (31, S.NOT_ADOPTED)],
        [(40, S.MANAGED_BY_POLICE)],
    ):
        f.referral(
            f.on(2026, 1, 10),
            concern="extreme_right_wing",
            stages=[(1, S.SHARED_WITH_POLICE), *stages],
            **jan,
        )
    for panel_day in (10, 40, 50, 60, 70):
        f.referral(
            f.on(2026, 2, 3),
            sector="police",
            district="warwick",
            age_band="18_24",
            concern="islamist",
            stages=[(1, S.SHARED_WITH_POLICE), (5, S.MANAGED_BY_POLICE), (panel_day, S.PANEL)],
        )
    march = {
        "sector": "health",
        "district": "nuneaton_and_bedworth",
        "age_band": "10_14",
        "concern": "incel",
    }
    f.referrals(4, f.london(date(2026, 3, 31), 23, 30), **march)
    f.referral(f.london(date(2026, 3, 31), 23, 30), stages=[(0, S.CLOSED)], **march)
    f.referrals(
        7,
        f.london(date(2026, 4, 1), 0, 15),
        sector="social_care",
        district="stratford_on_avon",
        age_band="25_39",
        concern="mixed_unclear_unstable",
        stages=[(1, S.SHARED_WITH_POLICE)],
    )
    f.referral(f.london(date(2025, 12, 31), 23, 30))
    f.referral(f.london(date(2026, 7, 1), 0, 30))


# Groups A, B, C and D of the docstring: their sizes, and their label in each breakdown.
GROUP_SIZES = (6, 5, 5, 7)
GROUP_LABELS = {
    "sector": ("School, college or university", "Police", "Health", "Social care"),
    "district": ("Rugby", "Warwick", "Nuneaton and Bedworth", "Stratford-on-Avon"),
    "age_band": ("15 to 17", "18 to 24", "10 to 14", "25 to 39"),
    "concern": (
        "Extreme right-wing",
        "Islamist",
        "Involuntary celibate (incel)",
        "Mixed, unclear or unstable (before 2024)",
    ),
}


def non_zero(rows):
    return {label: count for label, count in rows if count}


def test_counts_by_month_in_london_time(cases):
    counts = referral_counts(PERIOD)
    assert counts.total == 23
    assert counts.by_month == [
        (date(2026, 1, 1), 6),
        (date(2026, 2, 1), 5),
        (date(2026, 3, 1), 5),
        (date(2026, 4, 1), 7),
        (date(2026, 5, 1), 0),
        (date(2026, 6, 1), 0),
    ]


def test_counts_by_sector_district_age_and_concern(cases):
    breakdowns = referral_counts(PERIOD).breakdowns
    for key, labels in GROUP_LABELS.items():
        assert non_zero(breakdowns[key]) == dict(zip(labels, GROUP_SIZES, strict=True)), key
    # Every category is listed, and each breakdown adds up to the total.
    assert len(breakdowns["district"]) == 6
    assert all(sum(count for _label, count in rows) == 23 for rows in breakdowns.values())


def test_outcomes_from_the_stage_history(cases):
    assert dict(referral_counts(PERIOD).by_outcome) == {
        "Adopted by Channel": 1,
        "Discussed at Channel panel, not adopted": 1,
        "At Channel panel, no decision recorded": 5,
        "Managed by police": 1,
        "Signposted to other support": 1,
        "No further action": 2,
        "Closed before a gateway decision": 1,
        "Awaiting the police gateway decision": 11,
    }


def test_median_and_90th_percentile_days_with_postgresql_percentile_cont(cases):
    times = referral_counts(PERIOD).times
    assert times["gateway"] == (11, pytest.approx(5), pytest.approx(30))
    assert times["panel"] == (7, pytest.approx(40), pytest.approx(64))


def test_the_python_fallback_gives_the_same_times_as_postgresql(cases):
    referrals = Referral.objects.filter(
        received_at__gte=PERIOD.start_at, received_at__lt=PERIOD.end_before
    )
    assert _times_in_python(referrals) == referral_counts(PERIOD).times


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50, 60, 70], 0.9) == pytest.approx(64)


def test_tables_suppress_small_counts_and_show_times(cases):
    tables = {table.slug: table for table in referral_tables(referral_counts(PERIOD))}
    outcome = [
        text for _column, text in (row[1] for row in tables["referrals-by-outcome"].display_rows())
    ]
    assert outcome == [
        "fewer than 5",
        "fewer than 5",
        "not shown",  # the smallest count left (5), so the total cannot give the rest away
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "11",
    ]
    assert tables["referrals-by-outcome"].display_total()[1][1] == "23"
    times = [
        [text for _column, text in row] for row in tables["referrals-time-taken"].display_rows()
    ]
    assert times == [
        ["From receipt to the police gateway decision", "5", "30"],
        ["From receipt to the Channel panel", "40", "64"],
    ]


def test_times_from_fewer_than_5_referrals_are_not_shown(db):
    for days in (3, 9, 12, 30):
        f.referral(f.on(2026, 2, 1), stages=[(1, S.SHARED_WITH_POLICE), (days, S.SIGNPOSTED)])
    f.referral(f.on(2026, 2, 1))
    tables = {table.slug: table for table in referral_tables(referral_counts(PERIOD))}
    rows = tables["referrals-time-taken"].display_rows()
    assert [text for _column, text in rows[0]][1:] == ["n/a", "n/a"]


def test_a_total_from_1_to_4_hides_every_breakdown(db):
    f.referrals(3, f.on(2026, 2, 1))
    counts = referral_counts(PERIOD)
    assert total_display(counts).display == "fewer than 5"
    for table in referral_tables(counts):
        assert table.withheld_message, table.slug


def test_two_queries_on_postgresql(cases, django_assert_num_queries):
    with django_assert_num_queries(2):
        referral_counts(PERIOD)
