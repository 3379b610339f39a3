"""Staff flag a queue item urgent, with a reason, so it sorts above everything
else on every list; and take the flag off again. The reason may be personal:
it is shown on the item to staff and never copied into the audit log."""

from __future__ import annotations

from portal.models import TriageItem
from portal.services import audit, clock, triage
from portal.services.errors import DomainError


def flag(*, item_id: int, reason: str, actor_id: int) -> TriageItem:
    if not reason.strip():
        raise DomainError("Say why it is urgent")
    return _set(item_id=item_id, reason=reason.strip()[:300], actor_id=actor_id)


def clear(*, item_id: int, actor_id: int) -> TriageItem:
    return _set(item_id=item_id, reason=None, actor_id=actor_id)


def _set(*, item_id: int, reason: str | None, actor_id: int) -> TriageItem:
    item = triage.get_item(item_id)
    item.urgent = reason is not None
    item.urgent_reason = reason
    item.updated_at = clock.now()
    audit.record(
        actor_id=actor_id,
        action="triage.flagged_urgent" if item.urgent else "triage.urgent_cleared",
        record_type="triage_item",
        record_id=item.id,
        summary=f"{item.reference} {'marked urgent' if item.urgent else 'no longer urgent'}",
    )
    return item
