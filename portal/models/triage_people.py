"""Who a queue item is about and how to reach them, kept beside the item so
the queue shows a name and staff can find an item by a name, an email, a phone
number, a postcode or its reference through indexed lookups."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base


class TriageContact(Base):
    """The person who asked (or the household), as they gave their details."""

    __tablename__ = "triage_contacts"

    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(String(10))
    best_times: Mapped[str | None] = mapped_column(String(300))


class TriageSearchTerm(Base):
    """One normalised word, name, email, phone number, postcode or reference an
    item is found by; searched by prefix on the index, never by a scan."""

    __tablename__ = "triage_search_terms"
    __table_args__ = (Index("ix_triage_search_terms_term", "term", "triage_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), index=True)
    term: Mapped[str] = mapped_column(String(320))
