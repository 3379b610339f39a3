"""The adopter journey in a financial year, counted in SQL from records.

Counts of adopters are households. A household counts once per measure in a
year however many times its stage was recorded. "Stage 2 ends" are approvals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, literal, select

from portal.extensions import db
from portal.models import EventKind, InformationPackRequest, OutboxMessage, OutboxStatus, Stage, StageChange
from portal.services.financial_year import FinancialYear
from portal.services.reporting import counting, groups_and_courses


@dataclass(frozen=True)
class AdopterJourney:
    year: FinancialYear
    packs_sent: int
    information_events_attended: int
    enquiries: int
    stage_one_starts: int
    stage_two_starts: int
    stage_two_ends: int
    matched: int
    placed: int


STAGES = {
    "enquiries": Stage.ENQUIRY,
    "stage_one_starts": Stage.STAGE_ONE,
    "stage_two_starts": Stage.STAGE_TWO,
    "stage_two_ends": Stage.APPROVED,
    "matched": Stage.MATCHED,
    "placed": Stage.PLACED,
}


def _households_entering(years: Sequence[FinancialYear]) -> dict[FinancialYear, dict]:
    """Each year's households entering each stage, counted in one query."""
    changes = (
        select(
            counting.year_of(StageChange.started_on, years).label("year"),
            StageChange.stage,
            StageChange.household_id,
        )
        .where(
            StageChange.stage.in_([stage.value for stage in STAGES.values()]),
            counting.within_years(StageChange.started_on, years),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(changes.c.year, changes.c.stage, func.count(func.distinct(changes.c.household_id))).group_by(
            changes.c.year, changes.c.stage
        )
    ).all()
    return counting.by_year(rows, years)


def _packs_sent(years: Sequence[FinancialYear]) -> dict[FinancialYear, dict]:
    """Packs whose email was delivered in each year (London dates), in one query."""
    sent = (
        select(counting.year_of(OutboxMessage.sent_at, years, london_times=True).label("year"))
        .select_from(InformationPackRequest)
        .join(OutboxMessage, InformationPackRequest.email_message_id == OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.SENT,
            counting.within_years(OutboxMessage.sent_at, years, london_times=True),
        )
        .subquery()
    )
    rows = db.session.execute(select(sent.c.year, literal("sent"), func.count()).group_by(sent.c.year)).all()
    return counting.by_year(rows, years)


def figures_for(years: Sequence[FinancialYear]) -> dict[FinancialYear, AdopterJourney]:
    """The adopter journey of each of these years, in three queries whatever their number."""
    entering, packs = _households_entering(years), _packs_sent(years)
    attended = groups_and_courses.figures_for(years)
    return {
        year: AdopterJourney(
            year=year,
            packs_sent=packs[year].get("sent", 0),
            information_events_attended=attended[year][EventKind.INFORMATION_EVENT.value],
            **{name: entering[year].get(stage, 0) for name, stage in STAGES.items()},
        )
        for year in years
    }


def figures(year: FinancialYear) -> AdopterJourney:
    return figures_for([year])[year]
