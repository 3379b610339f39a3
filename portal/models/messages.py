"""Messages between a household (or a peer connector) and the agency: one
thread each. Message text is special category data: shown only to the thread's
household or connector and to staff, never logged, audited or emailed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.base import Base


class MessageThread(Base):
    """A household's thread, or a peer connector's: exactly one of the two."""

    __tablename__ = "message_threads"
    __table_args__ = (
        CheckConstraint(
            "(household_id IS NULL) != (connector_id IS NULL)", name="household_or_connector"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), unique=True)
    connector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime]
    # When the household (any adult) or the connector last read the thread:
    # staff messages after it count as unread.
    last_read_at: Mapped[datetime | None]

    household: Mapped[Household | None] = relationship()
    connector: Mapped[User | None] = relationship()


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_thread_sent", "thread_id", "sent_at"),
        Index("ix_messages_sent_at", "sent_at", "from_staff"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("message_threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_staff: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]
    # The queue item a household's or connector's message opened or added to.
    triage_item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"), index=True)

    author: Mapped[User] = relationship(lazy="joined")


class MessageRequest(Base):
    """A "message" queue item's promise and when it was kept: the annual
    report counts answers within the promise from these rows."""

    __tablename__ = "message_requests"

    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("message_threads.id"), index=True)
    # The London date of the first message: reports count by its month.
    received_on: Mapped[date] = mapped_column(index=True)
    answer_due_on: Mapped[date]
    first_reply_at: Mapped[datetime | None]
    working_days_to_reply: Mapped[int | None]


class SavedReply(Base):
    """A short text the agency keeps for replies, inserted and edited before sending."""

    __tablename__ = "saved_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
