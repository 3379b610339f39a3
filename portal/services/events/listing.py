"""Who may see which events, and the lists of them people read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Audience, Booking, BookingStatus, Event, EventKind, EventSession, Role, Stage, User
from portal.models.events import OPEN_STATUSES
from portal.services import clock, journey, shared_cache
from portal.services.errors import NotFound
from portal.services.events.errors import EventNotOpen, SignInNeeded
from portal.services.events.places import first_start, first_starts, places_taken
from portal.services.paging import Page, paginate


@dataclass(frozen=True)
class EventListing:
    event: Event
    places_left: int

    @property
    def first_starts_at(self) -> datetime:
        return self.event.sessions[0].starts_at


@dataclass(frozen=True)
class EventForReader:
    event: Event
    places_left: int
    booking: Booking | None
    # Signed-out people may book information events open to anyone.
    bookable_without_account: bool
    open_for_booking: bool


def audiences_for(user: User | None) -> frozenset[Audience]:
    audiences = {Audience.ANYONE}
    if user is None:
        return frozenset(audiences)
    role = user.role
    if role == Role.APPLICANT and user.household_id is not None:
        stage = journey.current_stage(user.household_id)
        if stage == Stage.STAGE_ONE:
            audiences.add(Audience.STAGE_ONE)
        elif stage == Stage.STAGE_TWO:
            audiences.add(Audience.STAGE_TWO)
    elif role == Role.FAMILY:
        audiences.add(Audience.FAMILIES)
    elif role == Role.CONNECTOR:
        audiences.add(Audience.CONNECTORS)
    return frozenset(audiences)


def reader(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def bookable_without_account(event: Event) -> bool:
    return event.kind == EventKind.INFORMATION_EVENT and event.audience == Audience.ANYONE


def open_events(*, user_id: int | None, page: int, page_size: int) -> Page[EventListing]:
    """Upcoming events open to this reader, soonest first (a constant number of queries).
    The first page is the same for everyone with the same audiences: kept until
    something changes or its first event starts."""
    audiences = audiences_for(reader(user_id))
    if page != 1:
        return _open_events(audiences, page=page, page_size=page_size)
    key = "events:" + ",".join(sorted(a.value for a in audiences)) + f":{page_size}"
    return shared_cache.cached(
        key,
        lambda: _open_events(audiences, page=1, page_size=page_size),
        still_right=lambda found: not found.items or found.items[0].first_starts_at > clock.now(),
    )


def _open_events(audiences: frozenset[Audience], *, page: int, page_size: int) -> Page[EventListing]:
    first = first_starts()
    query = (
        select(Event)
        .join(first, first.c.event_id == Event.id)
        .where(
            Event.cancelled_at.is_(None),
            Event.audience.in_([a.value for a in audiences]),
            first.c.starts_at > clock.now(),
        )
        .options(selectinload(Event.sessions))
        .order_by(first.c.starts_at, Event.id)
    )
    found = paginate(query, page=page, page_size=page_size)
    taken = places_taken([e.id for e in found.items])
    items = [EventListing(e, max(0, e.capacity - taken.get(e.id, 0))) for e in found.items]
    for event in found.items:
        shared_cache.detached(event, *event.sessions)
    return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)


def _event_and_places_taken(event_id: int) -> tuple[Event, int]:
    event = db.session.get(Event, event_id)
    if event is None or event.cancelled_at is not None or not event.sessions:
        raise NotFound("There is no such event")
    return event, places_taken([event.id]).get(event.id, 0)


def _shared_event(event_id: int) -> tuple[Event, int]:
    """The event and its places taken as everyone sees them, kept until something changes."""

    def load() -> tuple[Event, int]:
        event, taken = _event_and_places_taken(event_id)
        shared_cache.detached(event, *event.sessions)
        return event, taken

    return shared_cache.cached(f"event:{event_id}", load)


def event_for_reader(*, event_id: int, user_id: int | None) -> EventForReader:
    user = reader(user_id)
    event, taken = _shared_event(event_id) if user is None else _event_and_places_taken(event_id)
    booking = None
    if user is not None:
        booking = db.session.scalar(
            select(Booking).where(
                Booking.event_id == event.id,
                Booking.user_id == user.id,
                Booking.status != BookingStatus.CANCELLED,
            )
        )
    # Someone's own booking stays theirs to see and cancel, even once their
    # stage has moved on from the event's audience.
    if booking is None and event.audience not in audiences_for(user):
        if user is None:
            raise SignInNeeded("Sign in to see this event")
        raise EventNotOpen(f"This event is only for {event.audience.label.lower()}.")
    return EventForReader(
        event=event,
        places_left=max(0, event.capacity - taken),
        booking=booking,
        bookable_without_account=bookable_without_account(event),
        open_for_booking=first_start(event) > clock.now(),
    )


def _last_ends():
    return (
        select(EventSession.event_id, func.max(EventSession.ends_at).label("ends_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )


def _bookings_of(user_id: int, statuses, *, over: bool):
    """A signed-in person's bookings of events that are over, or still to come,
    with each event's sessions (a constant number of queries)."""
    last_ends = _last_ends()
    ended = last_ends.c.ends_at <= clock.now() if over else last_ends.c.ends_at > clock.now()
    return (
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(last_ends, last_ends.c.event_id == Event.id)
        .where(Booking.user_id == user_id, Booking.status.in_(statuses), Event.cancelled_at.is_(None), ended)
        .options(selectinload(Booking.event).selectinload(Event.sessions))
        .order_by(last_ends.c.ends_at.desc() if over else last_ends.c.ends_at, Booking.id)
    )


PAST_STATUSES = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


def bookings_for_user(*, user_id: int) -> list[Booking]:
    """A signed-in person's live bookings of events not yet over, soonest
    first: a course part way through (already marked at a session) too."""
    return list(db.session.scalars(_bookings_of(user_id, OPEN_STATUSES | set(PAST_STATUSES), over=False)))


def past_bookings_for_user(*, user_id: int, limit: int = 10) -> list[Booking]:
    """Events a signed-in person had a place on that are over, newest first."""
    return list(db.session.scalars(_bookings_of(user_id, PAST_STATUSES, over=True).limit(limit)))
