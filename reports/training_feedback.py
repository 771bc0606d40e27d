"""The training section's feedback table: what attendees thought, per course and period.

The answers come from training.feedback (a plain query); the suppression is the referral
tables' (reports.suppression), so a handful of answers never identifies an attendee.
"""

from reports.suppression import Cell, protect
from reports.tables import PERCENT, TEXT, Column, Table, rate

FEEDBACK_NOTE = (
    "From the feedback form attendees are sent the day after their session. Found it useful "
    "counts 'very useful' and 'useful'; feel confident counts 'very' and 'fairly confident' "
    "to spot the signs and refer. Counts from 1 to 4 show as 'fewer than 5', and rates "
    "are not shown for a course with fewer than 5 answers."
)
FEEDBACK_COUNTS = ("responses", "useful", "confident")


def _hidden_rate():
    return Cell(None, Cell.SECONDARY)


def feedback_table(rows):
    """Feedback per course, with the same small-number suppression as the referral tables.

    Each count column is suppressed against its total (protect); a rate is shown only
    where the course's number of answers is shown and is at least 5.
    """
    totals = {key: sum(row[key] for row in rows) for key in FEEDBACK_COUNTS}
    protected = {
        key: protect([row[key] for row in rows], total=totals[key]) for key in FEEDBACK_COUNTS
    }
    withheld = any(item.withheld for item in protected.values())
    table_rows = []
    for index, row in enumerate(rows):
        cells = {key: protected[key].cells[index] for key in FEEDBACK_COUNTS}
        shown = not cells["responses"].hidden
        table_rows.append(
            {
                "label": row["title"],
                **cells,
                "useful_rate": rate(row["useful"], row["responses"]) if shown else _hidden_rate(),
                "confident_rate": (
                    rate(row["confident"], row["responses"]) if shown else _hidden_rate()
                ),
            }
        )
    total_shown = not protected["responses"].total.hidden
    total = {
        "label": "Total",
        **{key: protected[key].total for key in FEEDBACK_COUNTS},
        "useful_rate": (
            rate(totals["useful"], totals["responses"]) if total_shown else _hidden_rate()
        ),
        "confident_rate": (
            rate(totals["confident"], totals["responses"]) if total_shown else _hidden_rate()
        ),
    }
    return Table(
        slug="training-feedback-by-course",
        title="What attendees thought, by course",
        columns=[
            Column("label", "Course", TEXT),
            Column("responses", "Answers"),
            Column("useful", "Found it useful"),
            Column("useful_rate", "Found it useful", PERCENT),
            Column("confident", "Feel confident to refer"),
            Column("confident_rate", "Feel confident to refer", PERCENT),
        ],
        rows=table_rows,
        total=total,
        notes=[FEEDBACK_NOTE],
        withheld_message=(
            "Not shown: so few attendees answered in this period that this table could "
            "identify someone."
            if withheld
            else ""
        ),
        empty_message="No feedback was given on sessions in this period.",
    )
