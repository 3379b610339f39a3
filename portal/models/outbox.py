"""Emails waiting to be sent, written in the same transaction as the change
that causes them and delivered later by ``flask send-emails``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, EnumText, LabelledEnum


class OutboxStatus(LabelledEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),
        Index("ix_outbox_messages_to_created", "to_address", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Optional calendar file (text/calendar) sent as an attachment.
    ics: Mapped[str | None] = mapped_column(Text)
    # A second calendar file (METHOD:CANCEL) taking entries out, sent beside
    # ``ics`` when one email both adds or updates some entries and removes
    # others (a booking moved to another date, a session taken off an event).
    cancel_ics: Mapped[str | None] = mapped_column(Text)
    # The team inbox answers go to, when the agency has one (the sender is a no-reply address).
    reply_to: Mapped[str | None] = mapped_column(String(320))
    # For an email turned off from a link of its own (a booking's reminders):
    # that link, given to mail clients as List-Unsubscribe with one-click POST.
    unsubscribe_link: Mapped[str | None] = mapped_column(String(500))
    # Caused by someone not signed in (a booking, the information pack, a
    # forgotten password): these count towards the per-recipient hourly cap.
    from_public_form: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[OutboxStatus] = mapped_column(EnumText(OutboxStatus, 10), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    # A sender owns a message while claimed_until is in the future.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
