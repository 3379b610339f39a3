"""Support-and-advice calls in a financial year: calls offered per council per
month, the time to the call for those held, and the outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import Council, SupportCallRequest, SupportCallStatus, SupportOutcome
from portal.services import agency
from portal.services.financial_year import FinancialYear
from portal.services.reporting.counting import month_key


@dataclass(frozen=True)
class CallFigures:
    """The agency's table: calls offered per council per month of a financial
    year, with the time to the call for those held."""

    months: list[date]
    by_council: dict[str, list[int]]
    calls_held: int
    average_days: float | None
    average_working_days: float | None
    share_within_promise: float | None
    outcomes: dict[str, int]

    @property
    def month_totals(self) -> list[int]:
        return [sum(row[i] for row in self.by_council.values()) for i in range(12)]

    @property
    def total(self) -> int:
        return sum(self.month_totals)


def figures(year: FinancialYear) -> CallFigures:
    """Requests count in the month they were made
    (London time), under the council responsible on that day; cancelled
    requests are not offered calls and are left out. Days to the call are
    averaged over the year's requests whose call was held."""
    requested = SupportCallRequest.requested_on
    month_of = month_key(requested)
    rows = db.session.execute(
        select(Council.name, month_of, func.count())
        .join(Council, Council.id == SupportCallRequest.council_id)
        .where(
            requested.between(year.start, year.end),
            SupportCallRequest.status != SupportCallStatus.CANCELLED,
        )
        .group_by(Council.name, month_of)
    ).all()
    months = [date(year.start_year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]
    keys = [m.strftime("%Y-%m") for m in months]
    councils = [c.name for c in agency.councils() if c.in_region]
    by_council = {name: [0] * 12 for name in councils}
    for council, month, count in rows:
        by_council.setdefault(council, [0] * 12)[keys.index(month)] += count
    promise = agency.support_call_working_days()
    # The time to the call is measured over the same requests as the table.
    held_in_year = (
        SupportCallRequest.status == SupportCallStatus.HELD,
        requested.between(year.start, year.end),
    )
    held, average_days, average_working, within = db.session.execute(
        select(
            func.count(),
            func.avg(SupportCallRequest.days_to_call),
            func.avg(SupportCallRequest.working_days_to_call),
            func.sum(case((SupportCallRequest.working_days_to_call <= promise, 1), else_=0)),
        ).where(*held_in_year)
    ).one()
    outcomes = dict(
        db.session.execute(
            select(SupportCallRequest.outcome, func.count())
            .where(*held_in_year)
            .group_by(SupportCallRequest.outcome)
        ).all()
    )
    return CallFigures(
        months=months,
        by_council=by_council,
        calls_held=held,
        average_days=round(float(average_days), 1) if average_days is not None else None,
        average_working_days=round(float(average_working), 1) if average_working is not None else None,
        share_within_promise=round(100 * within / held) if held else None,
        outcomes={o.label: outcomes.get(o, 0) for o in SupportOutcome},
    )
