"""The agency's own settings and its councils: data, not code, so another
regional agency can run the portal unchanged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class Council(Base):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # False for the "outside the region" choice, which is still a place people live.
    in_region: Mapped[bool] = mapped_column(default=True)
    display_order: Mapped[int] = mapped_column(default=0)
    # A council the agency no longer serves: no longer offered as a choice,
    # still named on the households, requests and reports that had it.
    retired_at: Mapped[datetime | None]


class AgencySettings(Base):
    """A single row: the agency's name and the promises it measures itself by."""

    __tablename__ = "agency_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    contact_phone: Mapped[str] = mapped_column(String(40))
    # The team's shared mailbox: where the portal's own test email goes, and
    # every email's Reply-To (without it, people answer from their account).
    team_inbox: Mapped[str] = mapped_column(String(320), default="")
    stage_one_target_days: Mapped[int] = mapped_column(default=60)
    stage_two_target_days: Mapped[int] = mapped_column(default=121)
    support_call_working_days: Mapped[int] = mapped_column(default=5)
    # Applicants in assessment with no update for this long raise a triage item.
    status_update_weeks: Mapped[int] = mapped_column(default=4)
    # The break applicants may take between the end of Stage 1 and Stage 2.
    stage_break_months: Mapped[int] = mapped_column(default=6, server_default="6")
    # The digital information pack, emailed to everyone who asks for it.
    pack_video_url: Mapped[str] = mapped_column(String(500), default="")
    pack_presentation_url: Mapped[str] = mapped_column(String(500), default="")
    pack_guide_url: Mapped[str] = mapped_column(String(500), default="")
    # Households' and connectors' messages are answered within this many working days.
    message_reply_working_days: Mapped[int] = mapped_column(default=2, server_default="2")
    # When the admin opened the service after the set-up checklist; until
    # then the public forms say the service is not open yet.
    opened_at: Mapped[datetime | None]
