"""Catch-up calls in a financial year: households opted in (now), calls due
and calls held."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import CatchUpCall, CatchUpOutcome, CatchUpPreference
from portal.services.catchup import FREQUENCIES
from portal.services.financial_year import FinancialYear


@dataclass(frozen=True)
class CatchUpFigures:
    opted_in_by_frequency: dict[int, int]
    due: int
    held: int


def figures(year: FinancialYear) -> CatchUpFigures:
    start, end = year.start, year.end
    by_frequency = dict(
        db.session.execute(
            select(CatchUpPreference.frequency_years, func.count())
            .where(CatchUpPreference.frequency_years.is_not(None))
            .group_by(CatchUpPreference.frequency_years)
        ).all()
    )
    due = db.session.execute(
        select(func.count()).select_from(CatchUpCall).where(CatchUpCall.due_on.between(start, end))
    ).scalar_one()
    held = db.session.execute(
        select(func.count())
        .select_from(CatchUpCall)
        .where(CatchUpCall.outcome == CatchUpOutcome.HELD, CatchUpCall.completed_on.between(start, end))
    ).scalar_one()
    return CatchUpFigures(
        opted_in_by_frequency={f: by_frequency.get(f, 0) for f in FREQUENCIES}, due=due, held=held
    )
