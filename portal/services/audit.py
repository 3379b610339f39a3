"""The append-only audit log: who did what to which record, and when.

Written in the same transaction as the change it records. Summaries are short
and non-personal: never names, contact details or free text people typed.
"""

from __future__ import annotations

from portal.extensions import db
from portal.models import AuditEvent
from portal.services import clock


def record(
    *,
    actor_id: int | None,
    action: str,
    record_type: str,
    record_id: int | None,
    summary: str,
) -> AuditEvent:
    event = AuditEvent(
        at=clock.now(),
        actor_id=actor_id,
        action=action,
        record_type=record_type,
        record_id=record_id,
        summary=summary[:300],
    )
    db.session.add(event)
    return event
