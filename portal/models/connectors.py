"""Peer connectors: volunteer adopters, the households they are linked with,
and the contacts they log. Conversations stay with the connector; staff see
that they are in touch, and read only what a connector chooses to tell them,
except that a family's subject access export includes the notes about them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.agency import Council
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.triage import TriageItem


class ConnectorTag(LabelledEnum):
    EARLY_PERMANENCE = "early_permanence"
    SIBLINGS = "siblings"
    SINGLE_ADOPTER = "single_adopter"
    LGBT = "lgbt", "LGBT+ adopters"
    OLDER_CHILDREN = "older_children"
    SPECIAL_GUARDIANSHIP = "special_guardianship"


class ConnectorStatus(LabelledEnum):
    ACTIVE = "active"
    PAUSED = "paused"


connector_councils = Table(
    "connector_councils",
    Base.metadata,
    Column("profile_id", ForeignKey("connector_profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("council_id", ForeignKey("councils.id"), primary_key=True),
)


class ConnectorProfileTag(Base):
    """One experience tag a connector brings, from the fixed set in :class:`ConnectorTag`."""

    __tablename__ = "connector_profile_tags"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("connector_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[ConnectorTag] = mapped_column(EnumText(ConnectorTag, 30), primary_key=True)


class ConnectorProfile(Base):
    __tablename__ = "connector_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # How many households the connector can support at once.
    capacity: Mapped[int] = mapped_column(default=2)
    status: Mapped[ConnectorStatus] = mapped_column(
        EnumText(ConnectorStatus, 20), default=ConnectorStatus.ACTIVE
    )
    # A pause ends by itself: from the day after this date the connector is available again.
    paused_until: Mapped[date | None]
    # What the connector shares with households they are linked with, e.g. a phone number.
    contact_for_households: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime]

    user: Mapped[User] = relationship(lazy="joined")
    councils: Mapped[list[Council]] = relationship(
        secondary=connector_councils, order_by=Council.display_order
    )
    tag_rows: Mapped[list[ConnectorProfileTag]] = relationship(cascade="all, delete-orphan")

    @property
    def tags(self) -> list[ConnectorTag]:
        return sorted((row.tag for row in self.tag_rows), key=list(ConnectorTag).index)


class LinkStatus(LabelledEnum):
    PROPOSED = "proposed", "Waiting for an answer"
    ACTIVE = "active"
    DECLINED = "declined"
    CLOSED = "closed"
    # Not answered in time: withdrawn, and staff are asked to find someone else.
    LAPSED = "lapsed", "Not answered"


OPEN_LINK_STATUSES = (LinkStatus.PROPOSED, LinkStatus.ACTIVE)


class CloseReason(LabelledEnum):
    SETTLED = "settled", "The household is settled"
    MOVED_AWAY = "moved_away", "The household moved away"
    STEPPED_DOWN = "stepped_down", "The connector stepped down"
    OTHER = "other", "Another reason"


class ConnectorLink(Base):
    __tablename__ = "connector_links"
    __table_args__ = (
        Index("ix_connector_links_connector_status", "connector_id", "status"),
        Index("ix_connector_links_household_status", "household_id", "status"),
        Index("ix_connector_links_status_proposed", "status", "proposed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    # The connector's user account.
    connector_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[LinkStatus] = mapped_column(EnumText(LinkStatus, 20), default=LinkStatus.PROPOSED)
    # How the household agreed the connector may contact them (entered by staff
    # with the family's agreement); kept on the link, so it ends with it.
    household_contact: Mapped[str] = mapped_column(String(200))
    # The one contact detail the household agreed to share: this adult's
    # "email" or "phone", chosen by staff and shown to the connector live.
    shared_contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shared_contact_kind: Mapped[str | None] = mapped_column(String(10))
    proposed_at: Mapped[datetime]
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(String(500))
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[CloseReason | None] = mapped_column(EnumText(CloseReason, 20))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The "link not answered" queue item, once a proposal lapses.
    triage_item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"))

    household: Mapped[Household] = relationship()
    connector: Mapped[User] = relationship(foreign_keys=[connector_id], lazy="joined")
    shared_contact_user: Mapped[User | None] = relationship(
        foreign_keys=[shared_contact_user_id], lazy="joined"
    )

    @property
    def shared_contact(self) -> str | None:
        """ "Kim Okafor, email: kim@example.com", as the household agreed."""
        person = self.shared_contact_user
        if person is None or self.shared_contact_kind not in ("email", "phone"):
            return None
        detail = person.email if self.shared_contact_kind == "email" else person.phone
        return f"{person.full_name}, {self.shared_contact_kind}: {detail}" if detail else None

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def close_reason_label(self) -> str | None:
        return self.close_reason.label if self.close_reason else None


class ContactMethod(LabelledEnum):
    PHONE = "phone"
    MESSAGE = "message"
    VIDEO = "video"
    IN_PERSON = "in_person"


class ConnectorContact(Base):
    """A connector was in touch. The note is the connector's own record; staff see the
    date and method. The note is about the family, so their subject access export
    includes it, and the form tells the connector so."""

    __tablename__ = "connector_contacts"
    __table_args__ = (Index("ix_connector_contacts_link_on", "link_id", "contact_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("connector_links.id"))
    contact_on: Mapped[date] = mapped_column(index=True)
    method: Mapped[ContactMethod] = mapped_column(EnumText(ContactMethod, 20))
    note: Mapped[str] = mapped_column(String(500), default="")
    logged_at: Mapped[datetime]

    @property
    def method_label(self) -> str:
        return self.method.label


class ConnectorConcern(Base):
    """Something a connector needed to tell staff. Its text is for staff only:
    never audited, logged or emailed."""

    __tablename__ = "connector_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("connector_links.id"), index=True)
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    safeguarding: Mapped[bool] = mapped_column(default=False)
    raised_at: Mapped[datetime]

    # Its reference and status, which the connector sees on the link's page.
    triage_item: Mapped[TriageItem] = relationship(lazy="joined")
