"""Support-and-advice calls: a family asks, staff schedule a call with an
adoption support social worker within 5 working days, and record its outcome."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.agency import Council
from portal.models.base import Base
from portal.models.triage import TriageItem


class SupportCallStatus(enum.StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "requested": "Waiting for a time",
            "scheduled": "Call booked",
            "held": "Call held",
            "cancelled": "Cancelled",
        }[self.value]


class SupportOutcome(enum.StrEnum):
    RESOLVED = "resolved"
    SIGNPOSTED = "signposted"
    ASSESSMENT = "assessment"
    ASF_APPLICATION = "asf_application"

    @property
    def label(self) -> str:
        return {
            "resolved": "Resolved on the call",
            "signposted": "Signposted elsewhere",
            "assessment": "Adoption support assessment of need",
            "asf_application": "Adoption Support Fund application",
        }[self.value]


class SupportCallRequest(Base):
    __tablename__ = "support_call_requests"
    __table_args__ = (Index("ix_support_call_requests_household", "household_id", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    # The London date of the request: reports count requests by its month.
    requested_on: Mapped[date] = mapped_column(index=True)
    best_times: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(40))
    # What it is about: special category data. Shown only to staff working the
    # request; never logged, audited or emailed.
    note: Mapped[str | None] = mapped_column(Text)
    # The council responsible for support on the day of the request.
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), unique=True)
    status: Mapped[SupportCallStatus] = mapped_column(String(20), default=SupportCallStatus.REQUESTED)
    scheduled_for: Mapped[datetime | None]
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[SupportOutcome | None] = mapped_column(String(30))
    outcome_recorded_at: Mapped[datetime | None]
    # Filled in when the call is held, so reports average them in SQL.
    held_on: Mapped[date | None]
    days_to_call: Mapped[int | None]
    working_days_to_call: Mapped[int | None]
    cancelled_at: Mapped[datetime | None]

    household: Mapped[Household] = relationship()
    council: Mapped[Council] = relationship(lazy="joined")
    triage_item: Mapped[TriageItem] = relationship()
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])

    @property
    def status_label(self) -> str:
        return SupportCallStatus(self.status).label

    @property
    def outcome_label(self) -> str | None:
        return SupportOutcome(self.outcome).label if self.outcome else None
