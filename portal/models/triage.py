"""One queue for every kind of request: the same triage fields for all, so
staff work from one list and reports count from one place."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.agency import Council
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.triage_people import TriageContact


class TriageStatus(LabelledEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (TriageStatus.DONE, TriageStatus.CANCELLED)


# The open items, as SQL: the partial index of them (and the queue's queries) name them so.
OPEN_ITEMS = "status IN (" + ", ".join(f"'{status.value}'" for status in TriageStatus if status.is_open) + ")"


class TriageItem(Base):
    __tablename__ = "triage_items"
    __table_args__ = (
        Index("ix_triage_items_status_due", "status", "due_on"),
        Index("ix_triage_items_due_on", "due_on"),
        # Lets the queue's filter counts be answered from the index alone, grouped
        # in its order (services/triage/queue.filter_counts), with no sort.
        Index("ix_triage_items_filter_counts", "status", "kind", "council_id", "assignee_id", "due_on"),
        # Finds the few open urgent items that head every queue view.
        Index("ix_triage_items_urgent", "urgent", "status"),
        # The queue's first page: open items in due order, walked and stopped at the page
        # (the queue names these statuses in its SQL, services/triage/queue.IS_OPEN).
        Index(
            "ix_triage_items_open_due",
            "due_on",
            "id",
            sqlite_where=text(OPEN_ITEMS),
            postgresql_where=text(OPEN_ITEMS),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[TriageStatus] = mapped_column(EnumText(TriageStatus, 20), default=TriageStatus.NEW)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A short, non-personal description shown in the queue, e.g. "Information pack follow-up".
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date]
    # Sorted above everything else while open, with an "Urgent" tag (e.g. a safeguarding concern).
    urgent: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Why staff flagged it urgent; shown on the item to staff only, never audited.
    urgent_reason: Mapped[str | None] = mapped_column(String(300))
    # Why the due date is what it is, e.g. "5 working days from 24 Dec 2026".
    due_reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Optimistic locking: a second person saving a stale copy is told, not overwritten.
    version: Mapped[int] = mapped_column(default=1)

    council: Mapped[Council | None] = relationship(lazy="joined")
    household: Mapped[Household | None] = relationship()
    assignee: Mapped[User | None] = relationship(lazy="joined")
    # The queue loads it for a page of items with one more query (selectinload),
    # not joined into the sort of every open item.
    contact: Mapped[TriageContact | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ReferenceCounter(Base):
    """The last number handed out for a reference prefix in a year."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("prefix", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(8))
    year: Mapped[int]
    last_number: Mapped[int] = mapped_column(default=0)


class TriageNote(Base):
    """An internal note on a request, for staff only. It may hold personal
    details, so it is never copied into the audit log."""

    __tablename__ = "triage_notes"
    __table_args__ = (Index("ix_triage_notes_item", "triage_item_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    author: Mapped[User] = relationship(lazy="joined")
