"""The sender: claims messages so two senders never send the same one, and
retries failures with exponential backoff.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import clock
from portal.services.email.catalogue import EMAILS, REDACTED_BODY
from portal.services.email.transports import PermanentFailure, Transport

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
CLAIM_MINUTES = 5
MAX_BACKOFF = timedelta(hours=6)


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failed attempt, capped at 6 hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def _claim(sender_id: str, batch_size: int, now: datetime) -> list[int]:
    claimable = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(batch_size)
        # PostgreSQL: concurrent senders skip rows another is claiming. SQLite
        # needs nothing: BEGIN IMMEDIATE already lets one writer in at a time.
        .with_for_update(skip_locked=True)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(claimable))
        .values(claimed_by=sender_id, claimed_until=now + timedelta(minutes=CLAIM_MINUTES)),
        execution_options={"synchronize_session": False},
    )
    claimed = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.claimed_by == sender_id, OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.id)
        )
    )
    db.session.commit()
    return claimed


def redact_if_needed(message: OutboxMessage) -> None:
    """Once a message is finished with, sent or given up, blank a body that must not be kept."""
    spec = EMAILS.get(message.template)
    if spec is not None and spec.redact_after_send:
        message.body = REDACTED_BODY


def deliver_pending(*, transport: Transport, batch_size: int = 50) -> DeliveryResult:
    """Send what is due. This is a job, its own transaction edge: it commits
    after the claim and after each message, so a crash loses nothing sent."""
    result = DeliveryResult()
    sender_id = uuid.uuid4().hex
    while True:
        ids = _claim(sender_id, batch_size, clock.now())
        if not ids:
            return result
        for message_id in ids:
            # Read the row as claimed: a copy already in the session (from an
            # earlier round) would hide the claim, and "unclaiming" it would
            # then write nothing, so the message would be retried at once.
            message = db.session.get_one(OutboxMessage, message_id, populate_existing=True)
            try:
                transport.send(message)
            except Exception as error:  # any transport failure is retried later, unless permanent
                permanent = isinstance(error, PermanentFailure)
                message.attempts += 1
                message.last_error = str(error)[:500] if permanent else type(error).__name__
                message.claimed_by = None
                message.claimed_until = None
                if message.attempts >= MAX_ATTEMPTS or permanent:
                    message.status = OutboxStatus.FAILED
                    redact_if_needed(message)
                    result.failed += 1
                else:
                    message.next_attempt_at = clock.now() + backoff(message.attempts)
                    result.retrying += 1
                log.warning(
                    "email %s attempt %s failed: %s", message.id, message.attempts, type(error).__name__
                )
            else:
                message.attempts += 1
                message.status = OutboxStatus.SENT
                message.sent_at = clock.now()
                message.claimed_until = None
                redact_if_needed(message)
                result.sent += 1
            db.session.commit()
