"""Small-number suppression for published counts of people (the referral statistics).

The rule the Community Safety Team publishes with every table:

1. **Primary suppression.** A count from 1 to 4 is shown as "fewer than 5", everywhere
   the count appears: tables, charts and CSV downloads. Zero is shown as 0 (an empty
   group says nothing about anyone).
2. **Secondary suppression.** Each breakdown (by month, sector, district...) adds up to
   the period's total, which is published. So whenever a breakdown has a "fewer than
   5", the smallest count still shown is hidden too, with any count equal to it, as
   "not shown". This happens whenever there is at least one "fewer than 5", whatever
   the numbers: a rule that looked at the hidden values to decide would itself tell a
   reader something about them.
3. **Audit.** The table is then checked the way an attacker who knows this rule would:
   from the total, the counts shown and what the markers mean (a "fewer than 5" is 1
   to 4; the "not shown" counts are equal, at least 5, and smaller than every count
   still shown), list every value a "fewer than 5" could have. If only one is
   possible, the whole breakdown is withheld: no counts at all, a sentence saying why.
4. **Small totals.** When the total itself is from 1 to 4 it is shown as "fewer than
   5" and every breakdown is withheld.

Whether a table is withheld depends only on what the reader can see anyway (the total,
the shown counts, how many are hidden), so withholding reveals nothing more.
"""

from dataclasses import dataclass

THRESHOLD = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown"
WITHHELD_MESSAGE = (
    "Not shown: there are so few referrals in this period that this breakdown could "
    "identify someone."
)


class Cell:
    """A count as published: its display text never gives a suppressed value away."""

    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"

    __slots__ = ("_value", "state")

    def __init__(self, value, state=SHOWN):
        self._value = value
        self.state = state

    @property
    def hidden(self):
        return self.state != self.SHOWN

    @property
    def value(self):
        """The number when it may be shown, else None. Charts and tables use only this."""
        return None if self.hidden else self._value

    @property
    def display(self):
        if self.state == self.PRIMARY:
            return FEWER_THAN_5
        if self.state == self.SECONDARY:
            return NOT_SHOWN
        return f"{self._value:,}"

    @property
    def csv(self):
        return self.display.replace(",", "") if not self.hidden else self.display

    def __str__(self):
        return self.display

    def __repr__(self):
        return f"<Cell {self.display}>"


def is_small(value):
    return 1 <= value < THRESHOLD


def total_cell(total):
    return Cell(total, Cell.PRIMARY if is_small(total) else Cell.SHOWN)


@dataclass
class Protected:
    """A breakdown after suppression: `cells` line up with the counts given."""

    cells: list
    total: Cell
    withheld: bool = False

    @property
    def message(self):
        return WITHHELD_MESSAGE if self.withheld else ""


def protect(counts, *, total):
    """Suppress a breakdown of `total` into `counts` (which must add up to it)."""
    counts = [int(count) for count in counts]
    if sum(counts) != total:
        raise ValueError("A breakdown must add up to its total.")
    total_published = total_cell(total)
    cells = [Cell(count, Cell.PRIMARY if is_small(count) else Cell.SHOWN) for count in counts]
    if total_published.hidden:
        return Protected(cells, total_published, withheld=any(counts))
    if not any(cell.state == Cell.PRIMARY for cell in cells):
        return Protected(cells, total_published)
    smallest = min((count for count in counts if count >= THRESHOLD), default=None)
    for cell in cells:
        if cell.state == Cell.SHOWN and cell._value == smallest:
            cell.state = Cell.SECONDARY
    withheld = len(possible_small_values(counts, [cell.state for cell in cells], total)) < 2
    return Protected(cells, total_published, withheld=withheld)


def possible_small_values(counts, states, total):
    """Every value a "fewer than 5" in this table could have, as a reader can work out.

    The reader knows the total, every count shown, that each "fewer than 5" is 1 to 4,
    and how the "not shown" counts were chosen: all equal (the smallest shown count and
    its ties), at least 5, and below every count still shown that is 5 or more. The
    "fewer than 5" cells are interchangeable, so one set of values serves for each.
    """
    primaries = states.count(Cell.PRIMARY)
    secondaries = states.count(Cell.SECONDARY)
    hidden_sum = total - sum(
        count for count, state in zip(counts, states, strict=True) if state == Cell.SHOWN
    )
    shown_large = [
        count
        for count, state in zip(counts, states, strict=True)
        if state == Cell.SHOWN and count >= THRESHOLD
    ]
    if secondaries:
        ceiling = min(shown_large, default=hidden_sum + 1) - 1
        secondary_values = range(THRESHOLD, min(ceiling, hidden_sum) + 1)
    else:
        secondary_values = [0]
    largest_small = THRESHOLD - 1
    values = set()
    for secondary in secondary_values:
        rest = hidden_sum - secondaries * secondary
        if not primaries <= rest <= largest_small * primaries:
            continue
        lowest = max(1, rest - largest_small * (primaries - 1))
        highest = min(largest_small, rest - (primaries - 1))
        values.update(range(lowest, highest + 1))
    return values
