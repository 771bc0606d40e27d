"""Report periods: a date range in Europe/London, by default the council's financial year."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
# The longest period a report covers: the by-month tables stay readable.
MAX_YEARS = 5


def format_day(day):
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, as days in Europe/London."""

    start: date
    end: date

    @property
    def start_at(self):
        """The first moment of the period (midnight in London, whatever the clocks do)."""
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def end_before(self):
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def label(self):
        return f"{format_day(self.start)} to {format_day(self.end)}"

    @property
    def financial_year(self):
        """The financial year this period is exactly ("2026 to 2027"), or ""."""
        if self == financial_year_starting(self.start.year):
            return f"{self.start.year} to {self.end.year}"
        return ""

    @property
    def slug(self):
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"

    def months(self):
        """The first day of every month the period touches, in order."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    def query(self):
        """The period as the report form's query string (no personal data: two dates)."""
        return urlencode(
            {
                "start_0": self.start.day,
                "start_1": self.start.month,
                "start_2": self.start.year,
                "end_0": self.end.day,
                "end_1": self.end.month,
                "end_2": self.end.year,
            }
        )


def financial_year_starting(year):
    return Period(date(year, 4, 1), date(year + 1, 3, 31))


def financial_year(day=None):
    """The financial year (1 April to 31 March) that `day` (default: today) falls in."""
    day = day or timezone.localdate()
    return financial_year_starting(day.year if day.month >= 4 else day.year - 1)


def month_label(month):
    return f"{month:%B %Y}"
