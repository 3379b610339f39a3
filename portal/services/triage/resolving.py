"""Items that close themselves once their cause has gone: a posted update
closes "no recent update", places offered to everyone waiting close the
waiting-list item. Each says why in its history."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from portal.extensions import db
from portal.models import TriageItem, TriageStatus
from portal.services.triage.queue import OPEN_STATUSES
from portal.services.triage.working import set_status


def open_items(*, kind: str, household_id: int) -> list[TriageItem]:
    return list(
        db.session.scalars(
            select(TriageItem).where(
                TriageItem.kind == kind,
                TriageItem.household_id == household_id,
                TriageItem.status.in_(OPEN_STATUSES),
            )
        )
    )


def close_resolved(*, items: Sequence[TriageItem | None], why: str) -> int:
    """Close those of ``items`` still open: done, with ``why`` in their history."""
    still_open = [item for item in items if item is not None and item.status.is_open]
    for item in still_open:
        set_status(item_id=item.id, status=TriageStatus.DONE, actor_id=None, note=f"Closed by itself: {why}")
    return len(still_open)
