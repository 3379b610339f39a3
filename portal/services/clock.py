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


def london_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants from the start of ``first`` to the end of ``last`` in London."""
    start = datetime.combine(first, time(0), tzinfo=LONDON).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)
    return start, end
