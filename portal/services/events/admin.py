"""Staff set up and edit events; an edit that frees places offers them on,
and one that moves or removes sessions sends everyone booked their new
times, with calendar files that move or take out exactly those sessions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, Booking, BookingStatus, Event, EventKind, EventSession
from portal.services import audit, clock
from portal.services.errors import NotFound
from portal.services.events.emails import SessionTimes, email_booker, session_times
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
) -> SessionChanges:
    """Check an event's details and set them, the same for a new event and an
    edit; how the sessions changed (see :func:`_match_sessions`)."""
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
    return _match_sessions(event, sorted(sessions))


@dataclass(frozen=True)
class SessionChanges:
    moved: bool  # a session has new times, or a session was added
    removed: list[SessionTimes]


def _match_sessions(event: Event, wanted: list[tuple[datetime, datetime]]) -> SessionChanges:
    """Sessions are changed in place, so each keeps its id (and its calendar
    UID) while it lasts. The form's rows carry no session ids, so a session is
    known by its times: one whose times are still wanted stays as it is; each
    remaining time, in order, goes to the remaining session that started
    nearest to it (moved); sessions left over are removed, and times left over
    are new sessions."""
    unchanged = [s for s in event.sessions if (s.starts_at, s.ends_at) in wanted]
    still_wanted = [t for t in wanted if t not in {(s.starts_at, s.ends_at) for s in unchanged}]
    others = [s for s in event.sessions if s not in unchanged]
    added: list[EventSession] = []
    for starts, ends in still_wanted:
        if not others:
            added.append(EventSession(starts_at=starts, ends_at=ends))
            continue
        nearest = min(others, key=lambda session: abs(session.starts_at - starts))
        others.remove(nearest)
        nearest.starts_at, nearest.ends_at = starts, ends
    removed = others
    changes = SessionChanges(moved=bool(still_wanted), removed=session_times(removed))
    event.sessions = sorted(
        [s for s in event.sessions if s not in removed] + added, key=lambda s: (s.starts_at, s.ends_at)
    )
    return changes


def _send_changed_calendars(event: Event, changes: SessionChanges) -> None:
    """Everyone with a place is sent the new times: a calendar file that
    updates what their calendar holds (same UIDs, SEQUENCE one higher) when a
    session moved or was added, and one that takes out exactly the sessions
    removed (METHOD:CANCEL on their own UIDs)."""
    booked = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.BOOKED)
        .order_by(Booking.id)
    ).all()
    for booking in booked:
        email_booker(
            booking,
            "booking_changed",
            with_calendar=changes.moved,
            taken_out=(event, changes.removed),
            context={"removed_sessions": changes.removed},
        )


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
    changes = _apply_details(event, places_taken=places_taken([event.id]).get(event.id, 0), **details)
    db.session.flush()
    if changes.moved or changes.removed:
        _send_changed_calendars(event, changes)
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
