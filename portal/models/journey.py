"""Where each applicant household is in its adoption journey, and the status
updates staff post to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.base import Base, EnumText, LabelledEnum


class Stage(LabelledEnum):
    ENQUIRY = "enquiry"
    STAGE_ONE = "stage_one", "Stage 1"
    STAGE_ONE_COMPLETE = "stage_one_complete", "Between Stage 1 and Stage 2"
    STAGE_TWO = "stage_two", "Stage 2"
    APPROVED = "approved", "Approved as adopters"
    MATCHED = "matched"
    PLACED = "placed", "Child placed"
    ADOPTION_ORDER = "adoption_order", "Adoption order granted"
    WITHDRAWN = "withdrawn"


# The stages where people wait on us, and feel it when they hear nothing.
IN_ASSESSMENT = frozenset({Stage.STAGE_ONE, Stage.STAGE_ONE_COMPLETE, Stage.STAGE_TWO})


class StageChange(Base):
    """A household entered a stage on a date. The newest is where they are now;
    the history gives the annual report its starts, ends and timescales."""

    __tablename__ = "stage_changes"
    __table_args__ = (
        Index("ix_stage_changes_household_started", "household_id", "started_on"),
        # Covering: the annual report counts households by stage and date from the index alone.
        Index("ix_stage_changes_stage_started", "stage", "started_on", "household_id"),
        # Pairs each stage's end with its start for the report's timescales.
        Index("ix_stage_changes_household_stage_started", "household_id", "stage", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    stage: Mapped[Stage] = mapped_column(EnumText(Stage, 30))
    started_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    household: Mapped[Household] = relationship()

    @property
    def stage_label(self) -> str:
        return self.stage.label


class StatusUpdate(Base):
    """A note from the household's social worker, shown on /account and emailed."""

    __tablename__ = "status_updates"
    __table_args__ = (Index("ix_status_updates_household_created", "household_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    author: Mapped[User] = relationship(lazy="joined")
