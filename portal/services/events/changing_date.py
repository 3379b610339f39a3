"""Changing a booking to another date of the same kind: the other upcoming
dates with a place left, and the move itself, in one transaction under both
events' locks, with the same rules as a new booking.

The booking keeps its id, so its reference and manage link stay the same.
Its calendar UIDs are per session (``booking-<id>-session-<session id>``), so
the email carries two calendar files: CANCEL for the old date's sessions and
REQUEST for the new date's, on one raised SEQUENCE."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event
from portal.services import audit, clock
from portal.services.errors import DomainError, NotFound
from portal.services.events.emails import email_booker, session_times
from portal.services.events.errors import AlreadyBooked, CannotChangeBooking, EventNotOpen
from portal.services.events.listing import EventListing, audiences_for
from portal.services.events.manage_link import booking_by_token
from portal.services.events.places import first_start, first_starts, lock_event, places_taken
from portal.services.events.waiting_list import offer_free_places


class DateFull(DomainError):
    """The date chosen has no place left (someone took the last one first)."""


def why_unchangeable(booking: Booking) -> str | None:
    """Why this booking cannot move to another date, or None if it can."""
    if booking.status == BookingStatus.WAITLISTED:
        return "A place on the waiting list cannot be moved to another date"
    if booking.status != BookingStatus.BOOKED:
        return "Only a booked place can be moved to another date"
    if first_start(booking.event) <= clock.now():
        return "This event has started, so the booking can no longer be moved"
    return None


def movable(bookings: Iterable[Booking]) -> set[int]:
    """The ids of those bookings that may move to another date."""
    return {booking.id for booking in bookings if why_unchangeable(booking) is None}


def _check_changeable(booking: Booking) -> None:
    reason = why_unchangeable(booking)
    if reason is not None:
        raise CannotChangeBooking(reason)


def _booked_events(booking: Booking):
    """The events this person already has a live booking on."""
    same_person = (
        Booking.user_id == booking.user_id if booking.user_id is not None else Booking.email == booking.email
    )
    return select(Booking.event_id).where(same_person, Booking.status != BookingStatus.CANCELLED)


def other_dates(booking: Booking) -> list[EventListing]:
    """The other upcoming, open events of the booking's kind and audience with
    a place left, soonest first; none if the booking cannot be moved."""
    if why_unchangeable(booking) is not None:
        return []
    event = booking.event
    first = first_starts()
    found = db.session.scalars(
        select(Event)
        .join(first, first.c.event_id == Event.id)
        .where(
            Event.cancelled_at.is_(None),
            Event.kind == event.kind,
            Event.audience == event.audience,
            Event.id.not_in(_booked_events(booking)),
            first.c.starts_at > clock.now(),
        )
        .options(selectinload(Event.sessions))
        .order_by(first.c.starts_at, Event.id)
    ).all()
    taken = places_taken([e.id for e in found])
    listings = [EventListing(e, e.capacity - taken.get(e.id, 0)) for e in found]
    return [listing for listing in listings if listing.places_left > 0]


def _move(booking_id: int, to_event_id: int, *, actor_id: int | None) -> Booking:
    from_event_id = db.session.scalar(select(Booking.event_id).where(Booking.id == booking_id))
    if from_event_id is None:
        raise NotFound("There is no such booking")
    if to_event_id == from_event_id:
        raise DomainError("Choose a different date from the one you have booked")
    # Both events locked, always in the same order, so two moves cannot deadlock.
    locked = {event_id: lock_event(event_id) for event_id in sorted((from_event_id, to_event_id))}
    old, new = locked[from_event_id], locked[to_event_id]
    booking = db.session.execute(
        select(Booking).where(Booking.id == booking_id).execution_options(populate_existing=True)
    ).scalar_one()
    _check_changeable(booking)
    now = clock.now()
    if (new.kind, new.audience) != (old.kind, old.audience):
        raise DomainError("A booking can only move to another date of the same event")
    if first_start(new) <= now:
        raise DomainError("That date has started. Choose another date")
    if booking.user is not None and new.audience not in audiences_for(booking.user):
        raise EventNotOpen(f"This event is only for {new.audience.label.lower()}.")
    already = db.session.scalar(
        _booked_events(booking).where(Booking.event_id == new.id, Booking.id != booking.id).limit(1)
    )
    if already is not None:
        raise AlreadyBooked("You have already booked that date")
    if places_taken([new.id]).get(new.id, 0) >= new.capacity:
        raise DateFull("That date is now full. Choose another date")
    old_sessions = session_times(old.sessions)
    # Reminders are kept per session (session_reminders), so the new sessions get theirs.
    booking.event = new
    booking.updated_at = now
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="booking.date_changed",
        record_type="booking",
        record_id=booking.id,
        summary=f"Booking {booking.id} moved from event {old.id} to event {new.id}",
    )
    email_booker(
        booking,
        "booking_date_changed",
        with_calendar=True,
        taken_out=(old, old_sessions),
        context={"old_sessions": old.sessions},
    )
    offer_free_places(old, now)
    return booking


def change_date_for_user(*, booking_id: int, user_id: int, to_event_id: int) -> Booking:
    owner = db.session.scalar(select(Booking.user_id).where(Booking.id == booking_id))
    if owner is None or owner != user_id:
        raise NotFound("There is no such booking")
    return _move(booking_id, to_event_id, actor_id=user_id)


def change_date_by_token(*, token: str, to_event_id: int) -> Booking:
    booking = booking_by_token(token)
    return _move(booking.id, to_event_id, actor_id=booking.user_id)
