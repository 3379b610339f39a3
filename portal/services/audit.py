"""The append-only audit log: who did what to which record, and when.

Written in the same transaction as the change it records. Summaries are short
and non-personal: never names, contact details or free text people typed.

It is also the security event log: the actions in :data:`SECURITY_ACTIONS`
(sign-ins, failures, pauses, second-factor events, role changes,
deactivations) name only the user's number. Being append-only and written with
the change, it needs no table of its own.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from portal.database import writing
from portal.extensions import db
from portal.models import AuditEvent
from portal.services import clock
from portal.services.paging import Page, paginate

SECURITY_ACTIONS = {
    "user.signed_in": "Signed in",
    "user.sign_in_failed": "Wrong password",
    "user.sign_in_paused": "Sign-in paused after wrong passwords",
    "user.second_factor_failed": "Wrong authenticator code",
    "user.second_factor_paused": "Sign-in paused after wrong codes",
    "user.second_factor_set_up": "Authenticator app set up",
    "user.second_factor_reset": "Authenticator app reset",
    "user.backup_code_used": "Backup code used",
    "user.signed_out": "Signed out",
    "user.password_reset": "Password reset",
    "user.invitation_accepted": "Account set up",
    "user.role_changed": "Role changed",
    "user.deactivated": "Deactivated",
    "user.reactivated": "Reactivated",
}


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


def security_events(*, page: int, page_size: int = 50) -> Page[AuditEvent]:
    """The newest security events first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(SECURITY_ACTIONS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return paginate(query, page=page, page_size=page_size)
