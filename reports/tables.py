"""The shape every report table takes, shared by the page, the charts and the CSV files.

A value in a row is text, a whole number, a rate (a fraction from 0 to 1, or None when
there is nothing to work it out from), a number of days, or a suppression.Cell. Tables
and CSV files format values here, in one place, so they always agree.
"""

from dataclasses import dataclass, field

from .suppression import Cell

TEXT = "text"
COUNT = "count"
PERCENT = "percent"
DAYS = "days"
# A column of mixed figures (a summary): whole numbers are counts, fractions are rates.
AUTO = "auto"
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT

    @property
    def numeric(self):
        return self.kind != TEXT

    @property
    def csv_label(self):
        return f"{self.label} (%)" if self.kind == PERCENT else self.label


@dataclass(frozen=True)
class Chart:
    """A bar chart of some of a table's columns, one group of bars per row."""

    series: tuple  # column keys, drawn in this order (at most 3)
    label_key: str = "label"
    # Only the rows whose "key" is listed (a summary charts some of its figures).
    only_rows: tuple = ()
    # Shown after each bar's value ("12 days") and in the description.
    unit: str = ""


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list
    total: dict | None = None
    chart: Chart | None = None
    notes: list = field(default_factory=list)
    # Set when suppression withholds the whole table: shown instead of the rows.
    withheld_message: str = ""
    empty_message: str = "Nothing to show for this period."

    @property
    def has_rows(self):
        return bool(self.rows) and not self.withheld_message

    def column(self, key):
        return next(column for column in self.columns if column.key == key)

    def display_rows(self):
        """Rows as (column, text) pairs, for the template: no logic left for it."""
        return [self._display(row) for row in self.rows]

    def display_total(self):
        return self._display(self.total) if self.total else None

    def _display(self, row):
        return [(column, display(row.get(column.key), column.kind)) for column in self.columns]


def resolve(value, kind):
    if kind == AUTO:
        return PERCENT if isinstance(value, float) else COUNT
    return kind


def display(value, kind):
    """A value as the page and the charts show it."""
    return _formatted(value, kind, for_csv=False)


def csv_value(value, kind):
    """A value as the CSV files hold it: no thousands separators, and a column of rates
    without a % on each (its heading says "(%)")."""
    return _formatted(value, kind, for_csv=True)


def _formatted(value, kind, *, for_csv):
    mixed = kind == AUTO
    kind = resolve(value, kind)
    if isinstance(value, Cell):
        return value.csv if for_csv else value.display
    if value is None:
        return NOT_APPLICABLE if kind != TEXT else ""
    if kind == PERCENT:
        percent = round(value * 100)
        # A mixed column's rates keep their % in the CSV too: nothing else marks them.
        return str(percent) if for_csv and not mixed else f"{percent}%"
    if kind == DAYS:
        return format_days(value)
    if kind == COUNT and not for_csv:
        return f"{value:,}"
    return str(value)


def format_days(value):
    rounded = round(float(value), 1)
    return f"{rounded:g}" if rounded != int(rounded) else str(int(rounded))


def rate(part, whole):
    return part / whole if whole else None
