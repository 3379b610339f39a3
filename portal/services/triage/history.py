"""What happened to an item, its notes, and the household's other requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, TriageItem, TriageNote
from portal.services.triage.queue import OPEN_AND_URGENT


@dataclass(frozen=True)
class ItemHistory:
    events: list[AuditEvent]
    notes: list[TriageNote]
    linked: list[TriageItem]


def history(item: TriageItem) -> ItemHistory:
    """What happened to an item, its notes, and the household's other requests."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.record_type == "triage_item", AuditEvent.record_id == item.id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    notes = list(
        db.session.scalars(
            select(TriageNote).where(TriageNote.triage_item_id == item.id).order_by(TriageNote.created_at)
        )
    )
    linked = []
    if item.household_id is not None:
        linked = list(
            db.session.scalars(
                select(TriageItem)
                .where(TriageItem.household_id == item.household_id, TriageItem.id != item.id)
                .order_by(OPEN_AND_URGENT, TriageItem.created_at.desc())
                .limit(20)
            )
        )
    return ItemHistory(events=events, notes=notes, linked=linked)


def items_for_household(household_id: int, limit: int = 50) -> list[TriageItem]:
    return list(
        db.session.scalars(
            select(TriageItem)
            .where(TriageItem.household_id == household_id)
            .order_by(OPEN_AND_URGENT, TriageItem.created_at.desc())
            .limit(limit)
        )
    )
