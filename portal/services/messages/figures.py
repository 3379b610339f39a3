"""The annual report's message figures, per month of the financial year:
messages received from households and connectors, the share answered within
the agency's promise, and the median working days to the first reply."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from portal.extensions import db
from portal.models import Message, MessageRequest
from portal.services import clock


@dataclass(frozen=True)
class MonthFigures:
    month: date
    received: int
    # Conversations opened in the month (a message item each).
    opened: int
    answered_within_promise: int
    median_working_days_to_reply: float | None

    @property
    def share_within_promise(self) -> int | None:
        """A whole percentage of the conversations opened; those not answered count as late."""
        return round(100 * self.answered_within_promise / self.opened) if self.opened else None


def months_of(year) -> list[date]:
    return [date(year.start_year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def figures(year) -> list[MonthFigures]:
    """``year`` is a FinancialYear; months are London months."""
    months = months_of(year)
    # The UTC instant each London month starts, and the next year's first.
    bounds = [clock.london_day_bounds(first, first)[0] for first in [*months, _next_month(months[-1])]]
    month_of_message = case(
        *((and_(Message.sent_at >= bounds[n], Message.sent_at < bounds[n + 1]), n) for n in range(12)),
        else_=None,
    )
    received: dict[int | None, int] = dict(
        db.session.execute(
            select(month_of_message, func.count())
            .where(~Message.from_staff, Message.sent_at >= bounds[0], Message.sent_at < bounds[12])
            .group_by(month_of_message)
        ).all()
    )
    requests = db.session.execute(
        select(
            MessageRequest.received_on,
            MessageRequest.first_reply_at,
            MessageRequest.answer_due_on,
            MessageRequest.working_days_to_reply,
        ).where(MessageRequest.received_on.between(year.start, year.end))
    ).all()
    per_month: dict[int, list] = {n: [] for n in range(12)}
    for received_on, replied_at, due_on, working_days in requests:
        per_month[months.index(received_on.replace(day=1))].append(
            (replied_at is not None and clock.to_london(replied_at).date() <= due_on, working_days)
        )
    return [
        MonthFigures(
            month=month,
            received=received.get(n, 0),
            opened=len(per_month[n]),
            answered_within_promise=sum(1 for in_time, _ in per_month[n] if in_time),
            median_working_days_to_reply=_median([days for _, days in per_month[n] if days is not None]),
        )
        for n, month in enumerate(months)
    ]


def _median(values: list[int]) -> float | None:
    """The median, as a whole number when it is one (2, not 2.0)."""
    if not values:
        return None
    median = statistics.median(values)
    return int(median) if median == int(median) else median
