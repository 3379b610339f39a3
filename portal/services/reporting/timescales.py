"""Timescales: the average days households took between stages, over the
periods that ended in a financial year. Stage 1 ends when Stage 1 is recorded
complete or Stage 2 starts, whichever is recorded first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import Stage, StageChange
from portal.services import agency
from portal.services.financial_year import FinancialYear
from portal.services.reporting import counting


@dataclass(frozen=True)
class Timescale:
    measure: str
    target_days: int | None
    average_days: float | None
    households: int


@dataclass(frozen=True)
class _Measure:
    name: str
    start_stages: tuple[Stage, ...]
    end_stages: tuple[Stage, ...]


MEASURES = (
    _Measure("Enquiry to Stage 1 start", (Stage.ENQUIRY,), (Stage.STAGE_ONE,)),
    _Measure("Stage 1 start to Stage 1 end", (Stage.STAGE_ONE,), (Stage.STAGE_ONE_COMPLETE, Stage.STAGE_TWO)),
    _Measure("Stage 2 start to Stage 2 end", (Stage.STAGE_TWO,), (Stage.APPROVED,)),
)


def _averages(number: int, measure: _Measure, years: Sequence[FinancialYear]):
    """(number, year, average days, households) for each of ``years``: the average
    days from a household entering one of the start stages to the first of the end
    stages after it, over the periods that ended in the year.

    Only the years' end records are read; each is paired with the latest start
    before it, and kept if no other end came between (so it is the first). The
    pairs are worked out once (a materialised CTE) and then checked, rather than
    the latest start being looked up again for each use of it."""
    start, end, other = aliased(StageChange), aliased(StageChange), aliased(StageChange)
    latest_start = (
        select(func.max(start.started_on))
        .where(
            start.household_id == end.household_id,
            start.stage.in_(measure.start_stages),
            start.started_on <= end.started_on,
        )
        .scalar_subquery()
    )
    periods = (
        select(
            counting.year_of(end.started_on, years).label("year"),
            end.household_id,
            end.started_on.label("ended_on"),
            latest_start.label("started_on"),
        )
        .where(end.stage.in_(measure.end_stages), counting.within_years(end.started_on, years))
        .cte(f"periods_{number}")
        .prefix_with("MATERIALIZED")
    )
    an_earlier_end = (
        select(other.id)
        .where(
            other.household_id == periods.c.household_id,
            other.stage.in_(measure.end_stages),
            other.started_on >= periods.c.started_on,
            other.started_on < periods.c.ended_on,
        )
        .exists()
    )
    # Two end stages recorded on the same day are one end.
    first_ends = (
        select(periods.c.year, periods.c.household_id, periods.c.started_on, periods.c.ended_on)
        .where(periods.c.started_on.is_not(None), ~an_earlier_end)
        .distinct()
        .subquery()
    )
    return select(
        literal(number).label("measure"),
        first_ends.c.year,
        func.avg(counting.days_between(first_ends.c.started_on, first_ends.c.ended_on)),
        func.count(),
    ).group_by(first_ends.c.year)


@lru_cache(maxsize=16)
def _query(years: tuple[FinancialYear, ...], _dialect: str):
    """The query for these years on this kind of database, built once: building
    it costs more than a third of running it. It holds no figures, only SQL."""
    return union_all(*(_averages(number, measure, years) for number, measure in enumerate(MEASURES)))


def figures_for(years: Sequence[FinancialYear]) -> dict[FinancialYear, list[Timescale]]:
    """Each year's timescales, in one query whatever the number of years."""
    settings = agency.settings()
    targets = (None, settings.stage_one_target_days, settings.stage_two_target_days)
    found = {
        (number, start_year): (average, households)
        for number, start_year, average, households in db.session.execute(
            _query(tuple(years), db.session.get_bind().dialect.name)
        )
    }
    figures: dict[FinancialYear, list[Timescale]] = {}
    for year in years:
        figures[year] = []
        for number, (measure, target_days) in enumerate(zip(MEASURES, targets, strict=True)):
            average, households = found.get((number, year.start_year), (None, 0))
            figures[year].append(
                Timescale(
                    measure=measure.name,
                    target_days=target_days,
                    average_days=round(float(average), 1) if average is not None else None,
                    households=households,
                )
            )
    return figures


def figures(year: FinancialYear) -> list[Timescale]:
    return figures_for([year])[year]
