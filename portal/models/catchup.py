"""Catch-up calls: after the adoption order a family can ask the adoption
support team to call every 1, 2 or 3 years."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household
from portal.models.base import Base, EnumText, LabelledEnum


class CatchUpPreference(Base):
    """One per household; frequency None means opted out."""

    __tablename__ = "catch_up_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), unique=True)
    frequency_years: Mapped[int | None]
    updated_at: Mapped[datetime]

    household: Mapped[Household] = relationship()


class CatchUpOutcome(LabelledEnum):
    HELD = "held", "Call held"
    NO_ANSWER = "no_answer", "No answer, will try again"
    DECLINED = "declined", "Family declined the call"


class CatchUpCall(Base):
    """A catch-up call due on an anniversary of the adoption order."""

    __tablename__ = "catch_up_calls"
    __table_args__ = (
        UniqueConstraint("household_id", "due_on"),
        Index("ix_catch_up_calls_due_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    due_on: Mapped[date]
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), unique=True)
    reminder_sent_at: Mapped[datetime | None]
    outcome: Mapped[CatchUpOutcome | None] = mapped_column(EnumText(CatchUpOutcome, 20))
    attempts: Mapped[int] = mapped_column(default=0)
    completed_on: Mapped[date | None]
    # Set when the family opts out while the call is waiting.
    cancelled_at: Mapped[datetime | None]
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    household: Mapped[Household] = relationship()

    @property
    def outcome_label(self) -> str | None:
        return self.outcome.label if self.outcome else None
