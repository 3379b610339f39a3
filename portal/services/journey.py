"""The applicant journey: stages with their dates, status updates, and the
"no recent update" nudge for social workers."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Stage, StageChange


def _latest_changes(household_ids: list[int]):
    """The newest stage change of each household (one query)."""
    ranked = (
        select(
            StageChange.household_id,
            StageChange.stage,
            func.row_number()
            .over(
                partition_by=StageChange.household_id,
                order_by=(StageChange.started_on.desc(), StageChange.id.desc()),
            )
            .label("rank"),
        )
        .where(StageChange.household_id.in_(household_ids))
        .subquery()
    )
    return select(ranked.c.household_id, ranked.c.stage).where(ranked.c.rank == 1)


def current_stages(household_ids: list[int]) -> dict[int, Stage]:
    """Where each of these households is now; households with no stage are left out."""
    if not household_ids:
        return {}
    rows = db.session.execute(_latest_changes(household_ids)).all()
    return {household_id: Stage(stage) for household_id, stage in rows}


def current_stage(household_id: int) -> Stage | None:
    return current_stages([household_id]).get(household_id)
