"""Referral statistics for a report period, from the clear statistics fields alone.

Nothing here decrypts: the queries read only the columns kept in clear for this purpose
(received date, referrer sector, district, age band, type of concern, stage and stage
dates) and the stage history's stage names. A referral belongs to the period when it
was received in it (days in Europe/London).

**Outcome** is how far each referral has gone, from its stage history: adopted by
Channel; discussed at panel and not adopted; at panel with no decision recorded;
managed by police; signposted; no further action; closed before a gateway decision;
or still awaiting the police gateway decision. Every referral has exactly one, so the
outcome table adds up to the total like every other breakdown.

**Times** are whole days from the day a referral was received to the police gateway
decision and to the Channel panel, for referrals received in the period that have
reached that point (even after the period ends). The median and 90th percentile are
PostgreSQL's percentile_cont (linear interpolation) in the same query as the counts;
on SQLite (the local demo) the same figures are worked out in Python from the dates.
A time is shown only when at least 5 referrals reached that point; the number of
referrals behind it is not published, because it could be set against the outcome
table to work out a hidden count.

**Suppression**: every count goes through reports.suppression before it
leaves this module. A count from 1 to 4 shows as "fewer than 5"; whenever a breakdown
has one, the smallest count still shown is hidden as well ("not shown"), so the total
cannot give it away; a breakdown where a hidden count could still be worked out
exactly is withheld whole; and when the period's total is itself from 1 to 4, every
breakdown is withheld. See that module for why the rule is safe, and
tests/reports/test_suppression.py for the proof.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from referrals.models import AgeBand, ConcernType, District, Referral, Sector, Stage, StageChange
from reports.periods import LONDON, month_label
from reports.suppression import (
    THRESHOLD,
    WITHHELD_MESSAGE,
    Cell,
    protect,
    total_cell,
)
from reports.tables import DAYS, TEXT, Chart, Column, Table

OUTCOMES = [
    ("adopted", "Adopted by Channel"),
    ("not_adopted", "Discussed at Channel panel, not adopted"),
    ("panel", "At Channel panel, no decision recorded"),
    ("managed_by_police", "Managed by police"),
    ("signposted", "Signposted to other support"),
    ("no_further_action", "No further action"),
    ("closed_early", "Closed before a gateway decision"),
    ("awaiting_gateway", "Awaiting the police gateway decision"),
]
# The first stage in the history that matches decides the outcome, in this order.
OUTCOME_STAGES = [
    ("adopted", Stage.ADOPTED),
    ("not_adopted", Stage.NOT_ADOPTED),
    ("panel", Stage.PANEL),
    ("managed_by_police", Stage.MANAGED_BY_POLICE),
    ("signposted", Stage.SIGNPOSTED),
    ("no_further_action", Stage.NO_FURTHER_ACTION),
]
BREAKDOWNS = [
    # (key, field, choices, title, column heading)
    ("sector", "referrer_sector", Sector, "Referrals by referrer's sector", "Referrer's sector"),
    ("district", "district", District, "Referrals by district", "District"),
    ("age_band", "age_band", AgeBand, "Referrals by age of the person referred", "Age"),
    # The Home Office statistics categories (referrals.models.ConcernType names the release),
    # so local figures compare with the national ones.
    ("concern", "concern_type", ConcernType, "Referrals by type of concern", "Type of concern"),
]
NOT_RECORDED = "not_recorded"
TIMES = [
    ("gateway", "gateway_decision_on", "From receipt to the police gateway decision"),
    ("panel", "panel_on", "From receipt to the Channel panel"),
]


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction from 0 to 1.")
        # A float we made ourselves: safe to put in the SQL text.
        super().__init__(expression, fraction=repr(fraction), **extra)


class DaysBetween(Func):
    """Whole days from one date to another (PostgreSQL: date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


def _outcome():
    whens = [
        When(
            Exists(StageChange.objects.filter(referral=OuterRef("pk"), stage=stage)),
            then=Value(key),
        )
        for key, stage in OUTCOME_STAGES
    ]
    whens.append(When(stage=Stage.CLOSED, then=Value("closed_early")))
    return Case(*whens, default=Value("awaiting_gateway"), output_field=CharField())


@dataclass
class ReferralCounts:
    """The raw counts. Never shown as they are: `referral_tables` suppresses them."""

    total: int
    by_month: list  # [(first day of month, count)]
    breakdowns: dict  # key -> [(label, count)]
    by_outcome: list  # [(label, count)]
    times: dict  # key -> (number of referrals, median days, 90th percentile days)


def referral_counts(period):
    """Count referrals received in `period`: two queries on PostgreSQL, three on SQLite."""
    referrals = Referral.objects.filter(
        received_at__gte=period.start_at, received_at__lt=period.end_before
    ).order_by()
    received_on = TruncDate("received_at", tzinfo=LONDON)
    aggregates = {"total": Count("pk")}
    for key, field, choices, _title, _heading in BREAKDOWNS:
        for value in choices.values:
            aggregates[f"{key}:{value}"] = Count("pk", filter=Q(**{field: value}))
    postgres = connection.vendor == "postgresql"
    for key, field, _label in TIMES:
        aggregates[f"time:{key}:n"] = Count(field)
        if postgres:
            days = DaysBetween(F(field), received_on)
            aggregates[f"time:{key}:median"] = PercentileCont(days, fraction=0.5)
            aggregates[f"time:{key}:p90"] = PercentileCont(days, fraction=0.9)
    counts = referrals.aggregate(**aggregates)
    total = counts["total"]

    # Months and outcomes in one grouped query: the outcome is worked out once per row.
    by_month = dict.fromkeys(period.months(), 0)
    by_outcome = dict.fromkeys((key for key, _label in OUTCOMES), 0)
    for row in (
        referrals.annotate(
            year=ExtractYear("received_at", tzinfo=LONDON),
            month=ExtractMonth("received_at", tzinfo=LONDON),
            outcome=_outcome(),
        )
        .values("year", "month", "outcome")
        .annotate(count=Count("pk"))
    ):
        by_month[date(row["year"], row["month"], 1)] += row["count"]
        by_outcome[row["outcome"]] += row["count"]

    breakdowns = {}
    for key, _field, choices, _title, _heading in BREAKDOWNS:
        rows = [(label, counts[f"{key}:{value}"]) for value, label in choices.choices]
        # A value no longer on the list would otherwise drop out of the sum.
        unlisted = total - sum(count for _label, count in rows)
        if unlisted:
            rows.append(("Not recorded", unlisted))
        breakdowns[key] = rows

    if postgres:
        times = {
            key: (
                counts[f"time:{key}:n"],
                counts[f"time:{key}:median"],
                counts[f"time:{key}:p90"],
            )
            for key, _field, _label in TIMES
        }
    else:
        times = _times_in_python(referrals)
    return ReferralCounts(
        total=total,
        by_month=list(by_month.items()),
        breakdowns=breakdowns,
        by_outcome=[(label, by_outcome[key]) for key, label in OUTCOMES],
        times=times,
    )


def _times_in_python(referrals):
    """The same median and 90th percentile as percentile_cont, from the dates (SQLite)."""
    days = {key: [] for key, _field, _label in TIMES}
    rows = referrals.filter(Q(gateway_decision_on__isnull=False) | Q(panel_on__isnull=False))
    for received_at, *dates in rows.values_list(
        "received_at", *[field for _key, field, _label in TIMES]
    ):
        received = timezone.localtime(received_at, LONDON).date()
        for (key, _field, _label), day in zip(TIMES, dates, strict=True):
            if day is not None:
                days[key].append((day - received).days)
    return {
        key: (len(values), percentile(values, 0.5), percentile(values, 0.9))
        for key, values in days.items()
    }


def percentile(values, fraction):
    """percentile_cont: linear interpolation between the closest ranks; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


# --- Tables (suppressed) ------------------------------------------------------------------------

COUNT_COLUMN = Column("count", "Referrals")
COUNT_CHART = Chart(series=("count",))
SUPPRESSION_NOTE = (
    "Counts from 1 to 4 are shown as ‘fewer than 5’. When a table has one, the smallest "
    "count still shown (and any equal to it) is not shown either, so that a hidden count "
    "cannot be worked out from the total."
)


def _count_table(slug, title, heading, rows, total, *, note=True):
    protected = protect([count for _label, count in rows], total=total)
    return Table(
        slug=slug,
        title=title,
        columns=[Column("label", heading, TEXT), COUNT_COLUMN],
        rows=[
            {"label": label, "count": cell}
            for (label, _count), cell in zip(rows, protected.cells, strict=True)
        ],
        total={"label": "Total", "count": protected.total},
        chart=COUNT_CHART,
        notes=[SUPPRESSION_NOTE] if note else [],
        withheld_message=protected.message,
    )


def _time_value(number, days):
    if number < THRESHOLD or days is None:
        return None
    return float(days)


def referral_tables(counts):
    """The referrals section's tables, every count suppressed, in the page's order."""
    total = counts.total
    tables = [
        _count_table(
            "referrals-by-month",
            "Referrals received by month",
            "Month",
            [(month_label(month), count) for month, count in counts.by_month],
            total,
        ),
    ]
    for key, _field, _choices, title, heading in BREAKDOWNS:
        slug = "referrals-by-" + key.replace("_", "-")
        tables.append(_count_table(slug, title, heading, counts.breakdowns[key], total))
    tables.append(
        _count_table(
            "referrals-by-outcome",
            "Referrals by outcome so far",
            "Outcome",
            counts.by_outcome,
            total,
        )
    )
    time_rows = []
    for key, _field, label in TIMES:
        number, median, p90 = counts.times[key]
        time_rows.append(
            {
                "label": label,
                "median": _time_value(number, median),
                "p90": _time_value(number, p90),
            }
        )
    time_table = Table(
        slug="referrals-time-taken",
        title="Time taken, in days",
        columns=[
            Column("label", "Step", TEXT),
            Column("median", "Median", DAYS),
            Column("p90", "90th percentile", DAYS),
        ],
        rows=time_rows,
        chart=Chart(series=("median", "p90"), unit="days"),
        notes=[
            "Whole days from the day a referral was received, for referrals received in "
            "this period that have reached that step. Half of them took no longer than the "
            "median; 9 in 10 took no longer than the 90th percentile.",
            "‘n/a’: fewer than 5 referrals have reached that step, too few to show a time.",
        ],
    )
    if total_cell(total).hidden:
        time_table.withheld_message = WITHHELD_MESSAGE
    tables.append(time_table)
    return tables


def total_display(counts):
    """The period's total as published ("fewer than 5" for 1 to 4)."""
    return total_cell(counts.total)


__all__ = ["Cell", "referral_counts", "referral_tables", "total_display"]
