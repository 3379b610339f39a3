"""The one clock. Everything stores UTC and shows Europe/London.

Tests freeze time with ``time_machine``; nothing else reads the system clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    return datetime.now(UTC)


def london_now() -> datetime:
    return now().astimezone(LONDON)


def today() -> date:
    """Today's date in London, which is the date people mean."""
    return london_now().date()


def to_london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def london_to_utc(day: date, moment: time) -> datetime:
    """The instant a London wall-clock time on a day is, in UTC."""
    return datetime.combine(day, moment, tzinfo=LONDON).astimezone(UTC)


def london_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of ``first`` to the end of ``last`` in London."""
    return london_to_utc(first, time(0)), london_to_utc(last + timedelta(days=1), time(0))
