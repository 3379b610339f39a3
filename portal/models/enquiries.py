"""Requests for the digital information pack, made without an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.agency import Council
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.outbox import OutboxMessage


class HeardAbout(LabelledEnum):
    SEARCH = "search", "Searching online"
    SOCIAL_MEDIA = "social_media"
    FRIEND = "friend", "Family or a friend"
    EVENT = "event", "An event or talk"
    ADVERT = "advert", "An advert (radio, poster, newspaper)"
    OTHER = "other", "Somewhere else"


class InformationPackRequest(Base):
    __tablename__ = "information_pack_requests"
    __table_args__ = (Index("ix_information_pack_requests_email_created", "email", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    postcode: Mapped[str] = mapped_column(String(10))
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    heard_about: Mapped[HeardAbout | None] = mapped_column(EnumText(HeardAbout, 20))
    consent_to_contact: Mapped[bool]
    # Asked only of someone who wants an advisor's call.
    phone: Mapped[str | None] = mapped_column(String(40))
    best_times: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    triage_item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"))
    # The pack's email: "packs sent" counts only those actually delivered.
    email_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"), index=True)

    council: Mapped[Council] = relationship(lazy="joined")
    email_message: Mapped[OutboxMessage | None] = relationship()
