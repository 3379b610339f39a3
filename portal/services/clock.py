"""The one clock. Everything stores UTC and shows Europe/London.

Tests freeze time with ``time_machine``; nothing else reads the system clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
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
