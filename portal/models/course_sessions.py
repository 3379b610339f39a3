"""Per session of an event: who attended it, and the reminder sent before it.

A booking covers every session of its event; these rows record, for one
booking and one session, what staff marked and whether the reminder went.
Both are removed with the session or the booking (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class SessionAttendance(Base):
    """Whether the person booked came to this session, as staff last marked it."""

    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("booking_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    attended: Mapped[bool]
    marked_at: Mapped[datetime]


class SessionReminder(Base):
    """The reminder before one session for one booking: its row is claimed
    before the email is queued, so it goes once however many jobs run."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("booking_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime]
