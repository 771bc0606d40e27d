"""Working days in England: Monday to Friday except England's bank holidays.

The bank holidays come from the `holidays` library (its England calendar follows the
gov.uk bank holidays list, substitute days included), so nothing is hard-coded here.
"""

from datetime import timedelta

import holidays
from django.utils import timezone

# A referral that has waited longer than this without being shared with the police is
# flagged on the officers' case list.
SHARE_WITHIN_WORKING_DAYS = 1


def _bank_holidays(years):
    return holidays.country_holidays("GB", subdiv="ENG", years=years)


def is_working_day(day, bank_holidays=None):
    bank_holidays = bank_holidays if bank_holidays is not None else _bank_holidays(day.year)
    return day.weekday() < 5 and day not in bank_holidays


def working_days_waited(since, now=None):
    """Working days that have begun since the day of `since` (an aware datetime), the
    day itself not counted: a referral sent on a Friday has waited 0 working days over
    the weekend, 1 on Monday, 2 on Tuesday (then it has waited more than one working day
    past the day it came)."""
    now = timezone.localtime(now or timezone.now())
    start = timezone.localtime(since).date()
    today = now.date()
    if today <= start:
        return 0
    bank_holidays = _bank_holidays(range(start.year, today.year + 1))
    days = 0
    day = start + timedelta(days=1)
    while day <= today:
        if is_working_day(day, bank_holidays):
            days += 1
        day += timedelta(days=1)
    return days


def is_overdue(referral, now=None):
    """Waited more than one working day and not yet shared with the police."""
    return (
        referral.shared_with_police_on is None
        and referral.stage == "received"
        and working_days_waited(referral.received_at, now) > SHARE_WITHIN_WORKING_DAYS
    )
