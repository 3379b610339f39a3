"""The staff list of events, each event's register and marking attendance
(at an event of one session; a course's sessions: session_register)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event
from portal.models.events import HOLDS_A_PLACE
from portal.services import audit, clock
from portal.services.errors import NotFound
from portal.services.events.admin import get_event
from portal.services.events.errors import CannotChangeBooking
from portal.services.events.places import first_start, first_starts, locked_booking
from portal.services.events.session_register import has_session_registers
from portal.services.paging import Page, paginate


@dataclass(frozen=True)
class StaffListing:
    event: Event
    taken: int
    waiting: int


def staff_events(*, page: int, page_size: int) -> Page[StaffListing]:
    """Every event, those still to come first (soonest first), then past ones
    (newest first); a constant number of queries."""
    now = clock.now()
    first = first_starts()
    past = case((first.c.starts_at <= now, 1), else_=0)
    query = (
        select(Event)
        .join(first, first.c.event_id == Event.id)
        .options(selectinload(Event.sessions))
        .order_by(
            past,
            case((first.c.starts_at > now, first.c.starts_at)),
            first.c.starts_at.desc(),
            Event.id,
        )
    )
    found = paginate(query, page=page, page_size=page_size)
    ids = [e.id for e in found.items]
    counts: dict[int, dict[str, int]] = {}
    if ids:
        for event_id, status, number in db.session.execute(
            select(Booking.event_id, Booking.status, func.count())
            .where(Booking.event_id.in_(ids))
            .group_by(Booking.event_id, Booking.status)
        ):
            counts.setdefault(event_id, {})[status] = number
    items = [
        StaffListing(
            event=e,
            taken=sum(n for s, n in counts.get(e.id, {}).items() if s in HOLDS_A_PLACE),
            waiting=counts.get(e.id, {}).get(BookingStatus.WAITLISTED, 0),
        )
        for e in found.items
    ]
    return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)


REGISTER_ORDER = [
    BookingStatus.BOOKED,
    BookingStatus.ATTENDED,
    BookingStatus.NO_SHOW,
    BookingStatus.OFFERED,
    BookingStatus.WAITLISTED,
    BookingStatus.CANCELLED,
]


def register(*, event_id: int) -> list[Booking]:
    """Everyone who booked, grouped by status (a constant number of queries)."""
    get_event(event_id)
    status_order = case({s.value: i for i, s in enumerate(REGISTER_ORDER)}, value=Booking.status)
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.event_id == event_id)
            .options(joinedload(Booking.user))
            .order_by(status_order, Booking.created_at, Booking.id)
        )
    )


def mark_attendance(*, event_id: int, booking_id: int, attended: bool, actor_id: int) -> Booking:
    """Mark a person at an event of one session; a course of several sessions
    is marked session by session (``session_register.mark_session``)."""
    event, booking = locked_booking(booking_id)
    if event.id != event_id:
        raise NotFound("There is no such booking")
    if has_session_registers(event):
        raise CannotChangeBooking("Mark who attended on the register of each session")
    if first_start(event) > clock.now():
        raise CannotChangeBooking("You can mark attendance once the event has started")
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        raise CannotChangeBooking("Only people with a place can be marked as attended or not")
    booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    booking.updated_at = clock.now()
    audit.record(
        actor_id=actor_id,
        action="booking.attendance_marked",
        record_type="booking",
        record_id=booking.id,
        summary=f"Booking {booking.id} on event {event.id}: {booking.status.label.lower()}",
    )
    return booking
