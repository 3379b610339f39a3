"""Events, groups and courses: who may see and book them, places and the
waiting list, offers that lapse, reminders, registers and the figures.

Places are counted under a lock: every change that can take or free a place
first locks the event's row (``SELECT ... FOR UPDATE`` on PostgreSQL; on
SQLite the writing transaction's ``BEGIN IMMEDIATE`` already lets one writer
in at a time), so two people can never both take the last place.

Each booking is managed from an emailed link ``/bookings/<token>``. The token
is an HMAC of the booking's id under the site's secret key, so every email
about a booking can carry the same link; only a SHA-256 of it is stored, so
the database alone never yields a working link. The link stops working once
the event has ended.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import String, and_, case, cast, distinct, func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import (
    Audience,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventSession,
    Role,
    Stage,
    User,
)
from portal.models.events import HOLDS_A_PLACE, OPEN_STATUSES
from portal.services import audit, clock, journey, notify, triage, working_days
from portal.services.accounts import normalise_email
from portal.services.calendar import CalendarEntry, build_ics
from portal.services.errors import DomainError, NotFound, PermissionDenied
from portal.services.paging import Page, paginate

OFFER_HOURS = 48
REMINDER_DAYS = 2
MAX_SESSIONS = 12
MAX_CAPACITY = 1000
WAITLIST_WORKING_DAYS = 5


class EventNotOpen(PermissionDenied):
    """The event is for other people (another stage, families, connectors)."""


class SignInNeeded(DomainError):
    pass


class BookingClosed(DomainError):
    pass


class AlreadyBooked(DomainError):
    pass


class InvalidBookingLink(DomainError):
    pass


class BookingLinkClosed(DomainError):
    """The event has ended: its manage link no longer works."""


class CannotChangeBooking(DomainError):
    pass


class InvalidEvent(DomainError):
    """An event's details break a rule; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


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


@dataclass(frozen=True)
class StaffListing:
    event: Event
    taken: int
    waiting: int


# -- who may see what ---------------------------------------------------------


def _audiences_for(user: User | None) -> frozenset[Audience]:
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


def _reader(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def _first_starts():
    return (
        select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )


def _places_taken(event_ids: Sequence[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Booking.event_id, func.count())
        .where(Booking.event_id.in_(event_ids), Booking.status.in_(HOLDS_A_PLACE))
        .group_by(Booking.event_id)
    ).all()
    return dict(rows)


def _first_start(event: Event) -> datetime:
    return event.sessions[0].starts_at


def has_started(event: Event) -> bool:
    return _first_start(event) <= clock.now()


def has_ended(event: Event) -> bool:
    return max(session.ends_at for session in event.sessions) <= clock.now()


def open_events(*, user_id: int | None, page: int, page_size: int) -> Page[EventListing]:
    """Upcoming events open to this reader, soonest first (a constant number of queries)."""
    audiences = _audiences_for(_reader(user_id))
    first = _first_starts()
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
    taken = _places_taken([e.id for e in found.items])
    items = [EventListing(e, max(0, e.capacity - taken.get(e.id, 0))) for e in found.items]
    return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)


def event_for_reader(*, event_id: int, user_id: int | None) -> EventForReader:
    event = db.session.get(Event, event_id)
    if event is None or event.cancelled_at is not None or not event.sessions:
        raise NotFound("There is no such event")
    user = _reader(user_id)
    if event.audience not in _audiences_for(user):
        if user is None:
            raise SignInNeeded("Sign in to see this event")
        raise EventNotOpen(f"This event is only for {event.audience.label.lower()}.")
    booking = None
    if user is not None:
        booking = db.session.scalar(
            select(Booking).where(
                Booking.event_id == event.id,
                Booking.user_id == user.id,
                Booking.status != BookingStatus.CANCELLED,
            )
        )
    taken = _places_taken([event.id]).get(event.id, 0)
    return EventForReader(
        event=event,
        places_left=max(0, event.capacity - taken),
        booking=booking,
        bookable_without_account=_bookable_without_account(event),
        open_for_booking=_first_start(event) > clock.now(),
    )


def _bookable_without_account(event: Event) -> bool:
    return event.kind == EventKind.INFORMATION_EVENT and event.audience == Audience.ANYONE


# -- the manage token -----------------------------------------------------------


def _token_for(booking: Booking) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"booking-manage:{booking.id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_manage_token(booking: Booking) -> None:
    """Store the hash of the booking's manage token (the booking needs its id)."""
    booking.manage_token_hash = _hash(_token_for(booking))


def _manage_link(booking: Booking) -> str:
    return current_app.config["BASE_URL"] + f"/bookings/{_token_for(booking)}"


def booking_by_token(token: str) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.manage_token_hash == _hash(token)))
    if booking is None:
        raise InvalidBookingLink("This link is not right")
    # A link that works for ever is a secret that must be kept for ever.
    if has_ended(booking.event):
        raise BookingLinkClosed("This event has ended")
    return booking


# -- emails -------------------------------------------------------------------


def _calendar(booking: Booking) -> str:
    event = booking.event
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "adoption-portal"
    location = event.online_url or event.venue or ""
    entries = [
        CalendarEntry(
            uid=f"booking-{booking.id}-session-{session.id}@{host}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=event.title,
            location=location,
            description=f"To cancel or manage your booking: {_manage_link(booking)}",
        )
        for session in event.sessions
    ]
    return build_ics(entries, stamp=clock.now())


def _email(
    booking: Booking, template: str, *, with_calendar: bool = False, public_cap: int | None = None
) -> None:
    """``public_cap``: the booking came from someone not signed in, so the
    per-recipient hourly limit of public forms applies."""
    event = booking.event
    email = dict(
        template=template,
        to=booking.contact_email,
        context={
            "first_name": booking.name.split(" ", 1)[0],
            "event": event,
            "kind_label": event.kind.label,
            "sessions": event.sessions,
            "link": _manage_link(booking),
            "offer_expires_at": booking.offer_expires_at,
            "offer_hours": OFFER_HOURS,
        },
        ics=_calendar(booking) if with_calendar else None,
    )
    if public_cap is None:
        notify.queue_email(**email)
    else:
        notify.queue_public_email(per_recipient_per_hour=public_cap, **email)


def _email_for_status(booking: Booking, *, public_cap: int | None = None) -> None:
    if booking.status == BookingStatus.BOOKED:
        _email(booking, "booking_confirmed", with_calendar=True, public_cap=public_cap)
    elif booking.status == BookingStatus.WAITLISTED:
        _email(booking, "booking_waitlisted", public_cap=public_cap)
    elif booking.status == BookingStatus.OFFERED:
        _email(booking, "place_offered", public_cap=public_cap)


# -- booking ------------------------------------------------------------------


def _lock_event(event_id: int) -> Event:
    """The event, its row locked until the transaction ends (PostgreSQL)."""
    event = db.session.scalar(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    )
    if event is None or event.cancelled_at is not None or not event.sessions:
        raise NotFound("There is no such event")
    return event


def _locked_booking(booking_id: int) -> tuple[Event, Booking]:
    """Lock the booking's event, then read the booking as it is now."""
    event_id = db.session.scalar(select(Booking.event_id).where(Booking.id == booking_id))
    if event_id is None:
        raise NotFound("There is no such booking")
    event = _lock_event(event_id)
    booking = db.session.scalar(
        select(Booking).where(Booking.id == booking_id).execution_options(populate_existing=True)
    )
    return event, booking


def _live_booking(event_id: int, *, user_id: int | None = None, email: str | None = None) -> Booking | None:
    query = select(Booking).where(Booking.event_id == event_id, Booking.status != BookingStatus.CANCELLED)
    if user_id is not None:
        query = query.where(Booking.user_id == user_id)
    else:
        query = query.where(Booking.email == email)
    return db.session.scalar(query)


def book(
    *,
    event_id: int,
    user_id: int | None = None,
    full_name: str | None = None,
    email: str | None = None,
    emails_per_recipient_per_hour: int,
) -> Booking:
    """A place if one is left, else a place on the waiting list.

    People without an account give a name and email (information events
    only). Booking again with the same email sends the booking's email again
    and says nothing more, so the page never reveals who has booked; their
    emails count towards the hourly limit of public forms per address.
    """
    now = clock.now()
    event = _lock_event(event_id)
    if _first_start(event) <= now:
        raise BookingClosed("Booking has closed because this event has started")
    user = _reader(user_id)
    if user is None:
        if not _bookable_without_account(event):
            raise SignInNeeded("Sign in to book a place on this event")
        if not (full_name and full_name.strip() and email and email.strip()):
            raise DomainError("Give your full name and email address")
        email = normalise_email(email)
        existing = _live_booking(event.id, email=email)
        if existing is not None:
            _email_for_status(existing, public_cap=emails_per_recipient_per_hour)
            return existing
    else:
        if event.audience not in _audiences_for(user):
            raise EventNotOpen(f"This event is only for {event.audience.label.lower()}.")
        if _live_booking(event.id, user_id=user.id) is not None:
            raise AlreadyBooked("You have already booked this event")
    taken = _places_taken([event.id]).get(event.id, 0)
    status = BookingStatus.BOOKED if taken < event.capacity else BookingStatus.WAITLISTED
    booking = Booking(
        event=event,
        user=user,
        household_id=user.household_id if user is not None else None,
        full_name=None if user is not None else full_name.strip(),
        email=None if user is not None else email,
        status=status,
        # The real token comes from the id, known only after the insert; this
        # random stand-in is replaced before the transaction ends.
        manage_token_hash=secrets.token_hex(32),
        created_at=now,
        updated_at=now,
    )
    db.session.add(booking)
    db.session.flush()
    set_manage_token(booking)
    audit.record(
        actor_id=user.id if user is not None else None,
        action="booking.booked" if status == BookingStatus.BOOKED else "booking.waitlisted",
        record_type="booking",
        record_id=booking.id,
        summary=f"Booking {booking.id} on event {event.id}: {status.label.lower()}",
    )
    _email_for_status(booking, public_cap=emails_per_recipient_per_hour if user is None else None)
    if status == BookingStatus.WAITLISTED:
        _ensure_waitlist_item(event, now)
    return booking


def _ensure_waitlist_item(event: Event, now: datetime) -> None:
    """At most one open queue item per event, so staff can consider more places."""
    item = event.waitlist_triage_item
    if item is not None and item.status.is_open:
        return
    due_on, reason = working_days.due_in_working_days(now, WAITLIST_WORKING_DAYS)
    item = triage.raise_item(
        kind="event_waitlist",
        title=f"Waiting list: {event.title}"[:200],
        due_on=due_on,
        due_reason=reason,
    )
    event.waitlist_triage_item_id = item.id


def _offer_free_places(event: Event, now: datetime) -> int:
    """Offer any free places to the people waiting longest. The event must be locked."""
    first_start = _first_start(event)
    if first_start <= now:
        return 0
    free = event.capacity - _places_taken([event.id]).get(event.id, 0)
    if free <= 0:
        return 0
    waiting = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITLISTED)
        .order_by(Booking.created_at, Booking.id)
        .limit(free)
    ).all()
    for booking in waiting:
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = min(now + timedelta(hours=OFFER_HOURS), first_start)
        booking.updated_at = now
        audit.record(
            actor_id=None,
            action="booking.offered",
            record_type="booking",
            record_id=booking.id,
            summary=f"Place on event {event.id} offered to booking {booking.id}",
        )
        _email(booking, "place_offered")
    if waiting and not _anyone_waiting(event.id):
        triage.close_resolved(items=[event.waitlist_triage_item], why="places offered to everyone waiting")
    return len(waiting)


def _anyone_waiting(event_id: int) -> bool:
    return (
        db.session.scalar(
            select(Booking.id)
            .where(Booking.event_id == event_id, Booking.status == BookingStatus.WAITLISTED)
            .limit(1)
        )
        is not None
    )


def _cancel(event: Event, booking: Booking, *, actor_id: int | None) -> Booking:
    if booking.status not in OPEN_STATUSES:
        raise CannotChangeBooking("This booking cannot be cancelled now")
    now = clock.now()
    held_a_place = booking.status in HOLDS_A_PLACE
    booking.status = BookingStatus.CANCELLED
    booking.offer_expires_at = None
    booking.updated_at = now
    audit.record(
        actor_id=actor_id,
        action="booking.cancelled",
        record_type="booking",
        record_id=booking.id,
        summary=f"Booking {booking.id} on event {event.id} cancelled",
    )
    _email(booking, "booking_cancelled")
    if held_a_place:
        _offer_free_places(event, now)
    return booking


def cancel_by_token(*, token: str) -> Booking:
    event, booking = _locked_booking(booking_by_token(token).id)
    return _cancel(event, booking, actor_id=booking.user_id)


def cancel_for_user(*, booking_id: int, user_id: int) -> Booking:
    owner = db.session.scalar(select(Booking.user_id).where(Booking.id == booking_id))
    if owner is None or owner != user_id:
        raise NotFound("There is no such booking")
    event, booking = _locked_booking(booking_id)
    return _cancel(event, booking, actor_id=user_id)


def accept_offer(*, token: str) -> Booking:
    event, booking = _locked_booking(booking_by_token(token).id)
    now = clock.now()
    if booking.status != BookingStatus.OFFERED:
        raise CannotChangeBooking("There is no place waiting for you to accept on this booking")
    if booking.offer_expires_at <= now:
        raise CannotChangeBooking("The time to accept this place has passed")
    booking.status = BookingStatus.BOOKED
    booking.offer_expires_at = None
    booking.updated_at = now
    audit.record(
        actor_id=booking.user_id,
        action="booking.offer_accepted",
        record_type="booking",
        record_id=booking.id,
        summary=f"Booking {booking.id} on event {event.id} accepted a place",
    )
    _email(booking, "booking_confirmed", with_calendar=True)
    return booking


def bookings_for_user(*, user_id: int) -> list[Booking]:
    """A signed-in person's live bookings of events still to come (a constant number of queries)."""
    last_ends = (
        select(EventSession.event_id, func.max(EventSession.ends_at).label("ends_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .join(last_ends, last_ends.c.event_id == Event.id)
            .where(
                Booking.user_id == user_id,
                Booking.status.in_(OPEN_STATUSES),
                Event.cancelled_at.is_(None),
                last_ends.c.ends_at > clock.now(),
            )
            .options(selectinload(Booking.event).selectinload(Event.sessions))
            .order_by(last_ends.c.ends_at, Booking.id)
        )
    )


# -- jobs -----------------------------------------------------------------------


def pass_on_lapsed_offers() -> int:
    """Lapse offers not accepted in time and offer the places to the next
    people waiting. Safe to run twice, or on two hosts at once."""
    now = clock.now()
    event_ids = db.session.scalars(
        select(Booking.event_id)
        .where(Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= now)
        .distinct()
        .order_by(Booking.event_id)
    ).all()
    lapsed_count = 0
    for event_id in event_ids:
        event = _lock_event(event_id)
        lapsed = db.session.scalars(
            select(Booking)
            .where(
                Booking.event_id == event_id,
                Booking.status == BookingStatus.OFFERED,
                Booking.offer_expires_at <= now,
            )
            .execution_options(populate_existing=True)
        ).all()
        for booking in lapsed:
            booking.status = BookingStatus.CANCELLED
            booking.offer_expires_at = None
            booking.updated_at = now
            audit.record(
                actor_id=None,
                action="booking.offer_lapsed",
                record_type="booking",
                record_id=booking.id,
                summary=f"Offer to booking {booking.id} on event {event_id} lapsed",
            )
        lapsed_count += len(lapsed)
        _offer_free_places(event, now)
    return lapsed_count


def send_reminders() -> int:
    """Email everyone booked on an event whose first session starts within
    the next 2 days, once. Safe to run twice, or on two hosts at once."""
    now = clock.now()
    starting_soon = (
        select(EventSession.event_id)
        .group_by(EventSession.event_id)
        .having(
            and_(
                func.min(EventSession.starts_at) > now,
                func.min(EventSession.starts_at) <= now + timedelta(days=REMINDER_DAYS),
            )
        )
    )
    due = db.session.scalars(
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .where(
            Booking.status == BookingStatus.BOOKED,
            Booking.reminder_sent_at.is_(None),
            Event.cancelled_at.is_(None),
            Booking.event_id.in_(starting_soon),
        )
        .order_by(Booking.id)
        # PostgreSQL: a second sender skips what the first is working on.
        .with_for_update(of=Booking, skip_locked=True)
    ).all()
    for booking in due:
        booking.reminder_sent_at = now
        audit.record(
            actor_id=None,
            action="booking.reminder_sent",
            record_type="booking",
            record_id=booking.id,
            summary=f"Reminder sent for booking {booking.id}",
        )
        _email(booking, "booking_reminder")
    return len(due)


# -- staff ----------------------------------------------------------------------


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
) -> None:
    """Check an event's details and set them, the same for a new event and an edit."""
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
    if [(s.starts_at, s.ends_at) for s in event.sessions] != wanted:
        event.sessions = [EventSession(starts_at=starts, ends_at=ends) for starts, ends in wanted]


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
    event = _lock_event(event_id)
    _apply_details(event, places_taken=_places_taken([event.id]).get(event.id, 0), **details)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="event.updated",
        record_type="event",
        record_id=event.id,
        summary=f"Event {event.id} updated: capacity {event.capacity}, {len(event.sessions)} session(s)",
    )
    _offer_free_places(event, event.updated_at)
    return event


def get_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound("There is no such event")
    return event


def staff_events(*, page: int, page_size: int) -> Page[StaffListing]:
    """Every event, those still to come first (soonest first), then past ones
    (newest first); a constant number of queries."""
    now = clock.now()
    first = _first_starts()
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
    event, booking = _locked_booking(booking_id)
    if event.id != event_id:
        raise NotFound("There is no such booking")
    if _first_start(event) > clock.now():
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


# -- figures --------------------------------------------------------------------


def attended_by_kind(start: date, end: date) -> dict[str, int]:
    """For each kind of event, the households (or, for people without an
    account, email addresses) marked attended at events of that kind whose
    first session fell in [start, end], London dates."""
    first = _first_starts()
    attendee = case(
        (Booking.household_id.is_not(None), literal("household:") + cast(Booking.household_id, String)),
        (Booking.user_id.is_not(None), literal("user:") + cast(Booking.user_id, String)),
        else_=literal("email:") + Booking.email,
    )
    since, until = clock.london_day_bounds(start, end)
    rows = db.session.execute(
        select(Event.kind, func.count(distinct(attendee)))
        .select_from(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(first, first.c.event_id == Event.id)
        .where(
            Booking.status == BookingStatus.ATTENDED,
            first.c.starts_at >= since,
            first.c.starts_at < until,
        )
        .group_by(Event.kind)
    ).all()
    return {kind.value: 0 for kind in EventKind} | dict(rows)


def information_events_attended(start: date, end: date) -> int:
    """The annual report's "information events attended"."""
    return attended_by_kind(start, end)[EventKind.INFORMATION_EVENT.value]
