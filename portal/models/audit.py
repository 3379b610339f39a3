"""The append-only audit log. Rows are only ever inserted: the database
refuses updates and deletes (see the migration's triggers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import User
from portal.models.base import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    # None when the system itself acted (a scheduled job, say).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None]
    # Short and non-personal: never names, contact details or notes.
    summary: Mapped[str] = mapped_column(String(300))

    actor: Mapped[User | None] = relationship(lazy="joined")
