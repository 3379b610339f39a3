"""Events, groups and courses people book: information events, preparation
courses, training, support groups and families' courses. An event has one or
more sessions; one booking covers all of them (attendance and reminders per
session are in course_sessions.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.triage import TriageItem


class EventKind(LabelledEnum):
    INFORMATION_EVENT = "information_event"
    STAGE_ONE_COURSE = "stage_one_course", "Stage 1 preparation course"
    STAGE_TWO_PREPARATION = "stage_two_preparation", "Stage 2 preparation"
    TRAINING_WORKSHOP = "training_workshop"
    SUPPORT_GROUP = "support_group"
    STAY_AND_PLAY = "stay_and_play"
    ONLINE_GROUP = "online_group", "Evening online group"
    COURSE = "course"


class Audience(LabelledEnum):
    ANYONE = "anyone"
    STAGE_ONE = "stage_one", "Applicants at Stage 1"
    STAGE_TWO = "stage_two", "Applicants at Stage 2"
    FAMILIES = "families", "Adoptive families"
    CONNECTORS = "connectors", "Peer connectors"


class BookingStatus(LabelledEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted", "On the waiting list"
    OFFERED = "offered", "Place offered"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show", "Did not attend"


# The statuses that hold one of the event's places.
HOLDS_A_PLACE = frozenset(
    {BookingStatus.BOOKED, BookingStatus.OFFERED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW}
)
# The statuses of people on a register: they hold a place, and came or not.
ON_THE_REGISTER = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
# The statuses a person can still cancel.
OPEN_STATUSES = frozenset({BookingStatus.BOOKED, BookingStatus.WAITLISTED, BookingStatus.OFFERED})


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(EnumText(EventKind, 30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    audience: Mapped[Audience] = mapped_column(EnumText(Audience, 20), index=True)
    capacity: Mapped[int]
    # In person at a venue, or online at a link sent to those booked.
    venue: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    # The one open "consider more places" queue item while people wait.
    waitlist_triage_item_id: Mapped[int | None] = mapped_column(ForeignKey("triage_items.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]

    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        order_by="EventSession.starts_at",
        cascade="all, delete-orphan",
    )
    waitlist_triage_item: Mapped[TriageItem | None] = relationship()

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def audience_label(self) -> str:
        return self.audience.label

    @property
    def where(self) -> str:
        return "Online" if self.online_url else (self.venue or "")


class EventSession(Base):
    __tablename__ = "event_sessions"
    __table_args__ = (Index("ix_event_sessions_event_starts", "event_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]

    event: Mapped[Event] = relationship(back_populates="sessions")


class Booking(Base):
    """A place (or a place in the queue) on an event, for all its sessions.

    Signed-in people book as themselves (``user_id``, with their household for
    the figures); people booking an information event without an account give
    a name and email. Either way an emailed link manages the booking; only a
    hash of its token is stored.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_event_status_created", "event_id", "status", "created_at"),
        # One live booking per person, or per email, on each event.
        Index(
            "uq_bookings_event_user_live",
            "event_id",
            "user_id",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
        Index(
            "uq_bookings_event_email_live",
            "event_id",
            "email",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[BookingStatus] = mapped_column(EnumText(BookingStatus, 20))
    offer_expires_at: Mapped[datetime | None] = mapped_column(index=True)
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The person turned off the reminder before each session (from /account,
    # the manage link or the link in a reminder).
    reminders_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The SEQUENCE of the last calendar file sent about the booking; none until one is.
    calendar_sequence: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship()
    household: Mapped[Household | None] = relationship()

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def reference(self) -> str:
        """What the booker quotes if they phone or email about it."""
        return f"BKG-{self.id:06d}"

    @property
    def name(self) -> str:
        return self.user.full_name if self.user is not None else (self.full_name or "")

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user is not None else (self.email or "")
