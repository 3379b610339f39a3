"""Timescales: the average days households took between stages, over the
periods that ended in a financial year. Stage 1 ends when Stage 1 is recorded
complete or Stage 2 starts, whichever is recorded first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import Stage, StageChange
from portal.services import agency
from portal.services.financial_year import FinancialYear
from portal.services.reporting.counting import days_between


@dataclass(frozen=True)
class Timescale:
    measure: str
    target_days: int | None
    average_days: float | None
    households: int


def _average_duration(
    measure: str,
    *,
    start_stages: tuple[Stage, ...],
    end_stages: tuple[Stage, ...],
    year: FinancialYear,
    target_days: int | None,
) -> Timescale:
    """Average days from a household entering one of ``start_stages`` to the
    first of ``end_stages`` after it, over the periods that ended in ``year``.

    Only the year's end records are read; each is paired with the latest start
    before it, and kept if no other end came between (so it is the first)."""
    start, end, other = aliased(StageChange), aliased(StageChange), aliased(StageChange)
    latest_start = (
        select(func.max(start.started_on))
        .where(
            start.household_id == end.household_id,
            start.stage.in_(start_stages),
            start.started_on <= end.started_on,
        )
        .scalar_subquery()
    )
    periods = (
        select(end.household_id, end.started_on.label("ended_on"), latest_start.label("started_on"))
        .where(end.stage.in_(end_stages), end.started_on.between(year.start, year.end))
        .subquery()
    )
    an_earlier_end = (
        select(other.id)
        .where(
            other.household_id == periods.c.household_id,
            other.stage.in_(end_stages),
            other.started_on >= periods.c.started_on,
            other.started_on < periods.c.ended_on,
        )
        .exists()
    )
    # Two end stages recorded on the same day are one end.
    first_ends = (
        select(periods.c.household_id, periods.c.started_on, periods.c.ended_on)
        .where(periods.c.started_on.is_not(None), ~an_earlier_end)
        .distinct()
        .subquery()
    )
    average, households = db.session.execute(
        select(func.avg(days_between(first_ends.c.started_on, first_ends.c.ended_on)), func.count())
    ).one()
    return Timescale(
        measure=measure,
        target_days=target_days,
        average_days=round(float(average), 1) if average is not None else None,
        households=households,
    )


def figures(year: FinancialYear) -> list[Timescale]:
    settings = agency.settings()
    return [
        _average_duration(
            "Enquiry to Stage 1 start",
            start_stages=(Stage.ENQUIRY,),
            end_stages=(Stage.STAGE_ONE,),
            year=year,
            target_days=None,
        ),
        _average_duration(
            "Stage 1 start to Stage 1 end",
            start_stages=(Stage.STAGE_ONE,),
            end_stages=(Stage.STAGE_ONE_COMPLETE, Stage.STAGE_TWO),
            year=year,
            target_days=settings.stage_one_target_days,
        ),
        _average_duration(
            "Stage 2 start to Stage 2 end",
            start_stages=(Stage.STAGE_TWO,),
            end_stages=(Stage.APPROVED,),
            year=year,
            target_days=settings.stage_two_target_days,
        ),
    ]
