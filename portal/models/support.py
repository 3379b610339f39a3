"""Support-and-advice calls: a family asks, staff schedule a call with an
adoption support social worker within 5 working days, and record its outcome."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.agency import Council
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.triage import TriageItem


class SupportCallStatus(LabelledEnum):
    REQUESTED = "requested", "Waiting for a time"
    SCHEDULED = "scheduled", "Call booked"
    HELD = "held", "Call held"
    CANCELLED = "cancelled"


class SupportOutcome(LabelledEnum):
    RESOLVED = "resolved", "Resolved on the call"
    SIGNPOSTED = "signposted", "Signposted elsewhere"
    ASSESSMENT = "assessment", "Adoption support assessment of need"
    ASF_APPLICATION = "asf_application", "Adoption Support Fund application"


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
    status: Mapped[SupportCallStatus] = mapped_column(
        EnumText(SupportCallStatus, 20), default=SupportCallStatus.REQUESTED
    )
    scheduled_for: Mapped[datetime | None]
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[SupportOutcome | None] = mapped_column(EnumText(SupportOutcome, 30))
    outcome_recorded_at: Mapped[datetime | None]
    # Filled in when the call is held, so reports average them in SQL.
    held_on: Mapped[date | None]
    days_to_call: Mapped[int | None]
    working_days_to_call: Mapped[int | None]
    cancelled_at: Mapped[datetime | None]
    # Why staff cancelled, in words the family reads on their account and in
    # the email; none when the family cancelled themselves.
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Times staff phoned at the booked time and could not reach the family;
    # the call stays open for another time.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_attempt_at: Mapped[datetime | None]
    # "What we agreed": a short summary of the call for the family to read.
    agreed: Mapped[str | None] = mapped_column(Text)
    # The SEQUENCE of the last calendar file sent about the call; none until one is.
    calendar_sequence: Mapped[int | None]

    household: Mapped[Household] = relationship()
    council: Mapped[Council] = relationship(lazy="joined")
    triage_item: Mapped[TriageItem] = relationship()
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_open(self) -> bool:
        return self.status in (SupportCallStatus.REQUESTED, SupportCallStatus.SCHEDULED)

    @property
    def outcome_label(self) -> str | None:
        return self.outcome.label if self.outcome else None
