"""The append-only audit log: who did what to which record, and when.

Written in the same transaction as the change it records. Summaries are short
and non-personal: never names, contact details or free text people typed.
"""

from __future__ import annotations

from sqlalchemy import insert

from portal.database import writing
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


def record_view(*, actor_id: int, record_type: str, record_id: int, summary: str) -> None:
    """Looking at someone's records is audited too. A GET never commits the
    request's own session, so the entry is written on its own connection, in
    its own short transaction."""
    with writing(), db.engine.begin() as connection:
        connection.execute(
            insert(AuditEvent).values(
                at=clock.now(),
                actor_id=actor_id,
                action="record.viewed",
                record_type=record_type,
                record_id=record_id,
                summary=summary[:300],
            )
        )
