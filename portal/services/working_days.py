"""Working days in England and Wales: weekdays that are not bank holidays.

Bank holidays come from the ``holidays`` package, which computes them offline.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from portal.services.clock import to_london

END_OF_WORKING_DAY = time(17, 0)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day`` (``day`` itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def clock_start(moment: datetime) -> date:
    """The working day a request made at ``moment`` counts from.

    A request after 17:00, or on a day that is not a working day, counts from
    the next working day.
    """
    local = to_london(moment)
    day = local.date()
    if is_working_day(day) and local.time() < END_OF_WORKING_DAY:
        return day
    return next_working_day(day)


def due_in_working_days(moment: datetime, count: int) -> tuple[date, str]:
    """The due date ``count`` working days after a request, and the reason in words."""
    start = clock_start(moment)
    due = add_working_days(start, count)
    unit = "working day" if count == 1 else "working days"
    return due, f"{count} {unit} from {start.strftime('%-d %b %Y')}"
