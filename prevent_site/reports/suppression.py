"""Small-number suppression for published counts of people (the referral statistics).

The rule the Community Safety Team publishes with every table:

1. **Primary suppression.** A count from 1 to 4 is shown as "fewer than 5", everywhere
   the count appears: tables, charts and CSV downloads. Zero is shown as 0 (an empty
   group says nothing about anyone).
2. **Secondary suppression.** Each breakdown (by month, sector, district...) adds up to
   the period's total, which is published. So whenever a breakdown has a primary-
   suppressed count, the smallest count that is still shown (ties: the first in the
   table) is hidden too, as "not shown". This happens whenever there is at least one
   "fewer than 5", whatever the numbers: a rule that depended on the hidden values
   would itself tell a reader something about them.
3. **Audit.** The table is then checked the way an attacker would: from the total, the
   counts shown, what the markers mean (a "fewer than 5" is 1 to 4; the "not shown" is
   at least 5 and, being the smallest, no more than any count still shown), could any
   hidden count be worked out exactly? For a single sum with bounds on each cell the
   possible values of a cell form an interval, so the check is exact. If any "fewer
   than 5" could be worked out, the whole breakdown is withheld: no counts at all, a
   sentence saying why.
4. **Small totals.** When the total itself is from 1 to 4 it is shown as "fewer than
   5" and every breakdown is withheld.

Whether a table is withheld depends only on what the reader can see anyway (the total,
the shown counts, how many are hidden), so withholding reveals nothing more.
"""

import math
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
    primaries = [index for index, cell in enumerate(cells) if cell.state == Cell.PRIMARY]
    if not primaries:
        return Protected(cells, total_published)
    candidates = [index for index, count in enumerate(counts) if count >= THRESHOLD]
    if candidates:
        secondary = min(candidates, key=lambda index: (counts[index], index))
        cells[secondary].state = Cell.SECONDARY
    withheld = bool(pinned(counts, [cell.state for cell in cells], total))
    return Protected(cells, total_published, withheld=withheld)


def bounds(counts, states):
    """What a reader knows of each hidden cell: (lowest, highest) possible value."""
    known = {}
    for index, state in enumerate(states):
        if state == Cell.PRIMARY:
            known[index] = (1, THRESHOLD - 1)
        elif state == Cell.SECONDARY:
            # The smallest of the counts that were shown: no larger than any still shown
            # (strictly smaller than one that comes earlier in the table, a tie going first).
            highest = math.inf
            for other, count in enumerate(counts):
                if states[other] == Cell.SHOWN and count >= THRESHOLD:
                    highest = min(highest, count if other > index else count - 1)
            known[index] = (THRESHOLD, highest)
    return known


def pinned(counts, states, total):
    """Indexes of "fewer than 5" cells a reader could work out exactly from the table."""
    known = bounds(counts, states)
    hidden_sum = total - sum(
        count for count, state in zip(counts, states, strict=True) if state == Cell.SHOWN
    )
    found = []
    for index, (low, high) in known.items():
        if states[index] != Cell.PRIMARY:
            continue
        others = [bound for other, bound in known.items() if other != index]
        lowest = max(low, hidden_sum - sum(high_ for _low, high_ in others))
        highest = min(high, hidden_sum - sum(low_ for low_, _high in others))
        if lowest >= highest:
            found.append(index)
    return found
