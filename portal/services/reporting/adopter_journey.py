"""The adopter journey in a financial year, counted in SQL from records.

Counts of adopters are households. A household counts once per measure in a
year however many times its stage was recorded. "Stage 2 ends" are approvals.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import EventKind, InformationPackRequest, OutboxMessage, OutboxStatus, Stage, StageChange
from portal.services import clock
from portal.services.financial_year import FinancialYear
from portal.services.reporting import groups_and_courses


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


def _households_entering(stage: Stage, year: FinancialYear) -> int:
    return db.session.execute(
        select(func.count(func.distinct(StageChange.household_id))).where(
            StageChange.stage == stage,
            StageChange.started_on.between(year.start, year.end),
        )
    ).scalar_one()


def _packs_sent(year: FinancialYear) -> int:
    """Packs whose email was delivered in the year (London dates)."""
    first, last = clock.london_day_bounds(year.start, year.end)
    return db.session.execute(
        select(func.count())
        .select_from(InformationPackRequest)
        .join(OutboxMessage, InformationPackRequest.email_message_id == OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.sent_at >= first,
            OutboxMessage.sent_at < last,
        )
    ).scalar_one()


def figures(year: FinancialYear) -> AdopterJourney:
    return AdopterJourney(
        year=year,
        packs_sent=_packs_sent(year),
        information_events_attended=groups_and_courses.figures(year)[EventKind.INFORMATION_EVENT.value],
        enquiries=_households_entering(Stage.ENQUIRY, year),
        stage_one_starts=_households_entering(Stage.STAGE_ONE, year),
        stage_two_starts=_households_entering(Stage.STAGE_TWO, year),
        stage_two_ends=_households_entering(Stage.APPROVED, year),
        matched=_households_entering(Stage.MATCHED, year),
        placed=_households_entering(Stage.PLACED, year),
    )
