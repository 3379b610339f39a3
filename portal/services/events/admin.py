"""Staff set up and edit events; an edit that frees places offers them on,
and one that moves the sessions sends everyone booked their new times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, Booking, BookingStatus, Event, EventKind, EventSession
from portal.services import audit, clock
from portal.services.errors import NotFound
from portal.services.events.emails import email_booker
from portal.services.events.errors import InvalidEvent
from portal.services.events.places import lock_event, places_taken
from portal.services.events.waiting_list import offer_free_places

MAX_SESSIONS = 12
MAX_CAPACITY = 1000


def _check_details(
    *, capacity: int, venue: str | None, online_url: str | None, sessions: Sequence[tuple[datetime, datetime]]
) -> None:
    if capacity < 1 or capacity > MAX_CAPACITY:
        raise InvalidEvent(f"Capacity must be between 1 and {MAX_CAPACITY}", field="capacity")
    if bool(venue) == bool(online_url):
        raise InvalidEvent("Give a venue or an online link, not both", field="venue")
    if online_url and not online_url.startswith("https://"):
        raise InvalidEvent("The online link must start with https://", field="online_url")
    if not 1 <= len(sessions) <= MAX_SESSIONS:
        raise InvalidEvent(f"Give between 1 and {MAX_SESSIONS} sessions", field="sessions")
    for starts_at, ends_at in sessions:
        if ends_at <= starts_at:
            raise InvalidEvent("Each session must end after it starts", field="sessions")


def _apply_details(
    event: Event,
    *,
    kind: EventKind,
    title: str,
    description: str,
    audience: Audience,
    capacity: int,
    venue: str | None,
    online_url: str | None,
    sessions: Sequence[tuple[datetime, datetime]],
    places_taken: int = 0,
) -> bool:
    """Check an event's details and set them, the same for a new event and an
    edit; whether the sessions' times changed. Sessions are changed in place,
    so each keeps its id (and its calendar UID) while it lasts."""
    venue, online_url = (venue or "").strip() or None, (online_url or "").strip() or None
    _check_details(capacity=capacity, venue=venue, online_url=online_url, sessions=sessions)
    if capacity < places_taken:
        raise InvalidEvent(
            f"Capacity cannot be less than the {places_taken} places already taken", field="capacity"
        )
    event.kind = EventKind(kind)
    event.title = title.strip()
    event.description = description.strip()
    event.audience = Audience(audience)
    event.capacity = capacity
    event.venue = venue
    event.online_url = online_url
    event.updated_at = clock.now()
    wanted = sorted(sessions)
    if [(s.starts_at, s.ends_at) for s in event.sessions] == wanted:
        return False
    kept = list(event.sessions)[: len(wanted)]
    for session, (starts, ends) in zip(kept, wanted, strict=False):
        session.starts_at, session.ends_at = starts, ends
    event.sessions = kept + [EventSession(starts_at=s, ends_at=e) for s, e in wanted[len(kept) :]]
    return True


def _send_changed_calendars(event: Event) -> None:
    """Everyone with a place is sent the new times, as a calendar file that
    updates what their calendar holds (same UIDs, SEQUENCE one higher)."""
    booked = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.BOOKED)
        .order_by(Booking.id)
    ).all()
    for booking in booked:
        email_booker(booking, "booking_changed", with_calendar=True)


def create_event(*, actor_id: int, **details) -> Event:
    """A new event; ``details`` are those of :func:`_apply_details`."""
    event = Event(created_at=clock.now(), sessions=[])
    _apply_details(event, **details)
    db.session.add(event)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="event.created",
        record_type="event",
        record_id=event.id,
        summary=f"Event {event.id} created: {event.kind_label}, {len(event.sessions)} session(s)",
    )
    return event


def update_event(*, event_id: int, actor_id: int, **details) -> Event:
    """Edit an event, under its lock; capacity can't drop below the places taken."""
    event = lock_event(event_id)
    moved = _apply_details(event, places_taken=places_taken([event.id]).get(event.id, 0), **details)
    db.session.flush()
    if moved:
        _send_changed_calendars(event)
    audit.record(
        actor_id=actor_id,
        action="event.updated",
        record_type="event",
        record_id=event.id,
        summary=f"Event {event.id} updated: capacity {event.capacity}, {len(event.sessions)} session(s)",
    )
    offer_free_places(event, event.updated_at)
    return event


def get_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound("There is no such event")
    return event
