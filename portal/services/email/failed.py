"""Emails given up on: staff look at them and put them back to send."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import audit, clock
from portal.services.email.catalogue import REDACTED_BODY
from portal.services.errors import DomainError, NotFound
from portal.services.paging import Page, paginate


class CannotResend(DomainError):
    pass


def failed_messages(*, page: int, page_size: int = 25) -> Page[OutboxMessage]:
    """Emails given up on, newest first, for staff to look at and try again."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    return paginate(query, page=page, page_size=page_size)


def retry_failed(*, message_id: int, actor_id: int) -> OutboxMessage:
    """Put a failed email back in the outbox, due now, with a fresh set of attempts."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.FAILED:
        raise NotFound("There is no failed email with that number")
    if message.body == REDACTED_BODY:
        raise CannotResend(
            "This email's content was removed when it was given up on, to keep a survey anonymous, "
            "so it cannot be sent again"
        )
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.claimed_by = None
    message.claimed_until = None
    audit.record(
        actor_id=actor_id,
        action="email.retried",
        record_type="outbox_message",
        record_id=message.id,
        summary=f"Failed {message.template} email put back to send (last error {message.last_error})",
    )
    return message
