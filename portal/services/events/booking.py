"""Booking a place (or a place on the waiting list), cancelling, and accepting
an offered place."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event
from portal.models.events import HOLDS_A_PLACE, OPEN_STATUSES
from portal.services import audit, calendar, clock
from portal.services.accounts import normalise_email
from portal.services.errors import DomainError, NotFound
from portal.services.events.emails import email_booker, email_for_status
from portal.services.events.errors import (
    AlreadyBooked,
    BookingClosed,
    CannotChangeBooking,
    EventNotOpen,
    SignInNeeded,
)
from portal.services.events.listing import audiences_for, bookable_without_account, reader
from portal.services.events.manage_link import booking_by_token, set_manage_token
from portal.services.events.places import first_start, lock_event, locked_booking, places_taken
from portal.services.events.waiting_list import ensure_waitlist_item, offer_free_places


def _live_booking(event_id: int, *, user_id: int | None = None, email: str | None = None) -> Booking | None:
    query = select(Booking).where(Booking.event_id == event_id, Booking.status != BookingStatus.CANCELLED)
    if user_id is not None:
        query = query.where(Booking.user_id == user_id)
    else:
        query = query.where(Booking.email == email)
    return db.session.scalar(query)


def book(**details) -> Booking:
    """A place if one is left, else a place on the waiting list (see :func:`book_anew`)."""
    return book_anew(**details)[0]


def book_anew(
    *,
    event_id: int,
    user_id: int | None = None,
    full_name: str | None = None,
    email: str | None = None,
    emails_per_recipient_per_hour: int,
) -> tuple[Booking, bool]:
    """A place if one is left, else a place on the waiting list; and whether
    the booking is new (only a new one may be shown on the page that follows).

    People without an account give a name and email (information events
    only). Booking again with the same email sends the booking's email again
    and says nothing more, so the page never reveals who has booked; their
    emails count towards the hourly limit of public forms per address.
    """
    now = clock.now()
    event = lock_event(event_id)
    if first_start(event) <= now:
        raise BookingClosed("Booking has closed because this event has started")
    user = reader(user_id)
    if user is None:
        if not bookable_without_account(event):
            raise SignInNeeded("Sign in to book a place on this event")
        if not (full_name and full_name.strip() and email and email.strip()):
            raise DomainError("Give your full name and email address")
        email = normalise_email(email)
        existing = _live_booking(event.id, email=email)
        if existing is not None:
            email_for_status(existing, public_cap=emails_per_recipient_per_hour)
            return existing, False
    else:
        if event.audience not in audiences_for(user):
            raise EventNotOpen(f"This event is only for {event.audience.label.lower()}.")
        if _live_booking(event.id, user_id=user.id) is not None:
            raise AlreadyBooked("You have already booked this event")
    taken = places_taken([event.id]).get(event.id, 0)
    status = BookingStatus.BOOKED if taken < event.capacity else BookingStatus.WAITLISTED
    booking = Booking(
        event=event,
        user=user,
        household_id=user.household_id if user is not None else None,
        full_name=None if user is not None or full_name is None else full_name.strip(),
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
    email_for_status(booking, public_cap=emails_per_recipient_per_hour if user is None else None)
    if status == BookingStatus.WAITLISTED:
        ensure_waitlist_item(event, now)
    return booking, True


def _cancel(event: Event, booking: Booking, *, actor_id: int | None) -> Booking:
    if booking.status not in OPEN_STATUSES:
        raise CannotChangeBooking("This booking cannot be cancelled now")
    now = clock.now()
    held_a_place = booking.status in HOLDS_A_PLACE
    was_waiting = booking.status == BookingStatus.WAITLISTED
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
    if was_waiting:
        email_booker(booking, "waiting_list_left")
    else:
        # A calendar file went with the booking: this one takes it out again.
        sent_a_calendar = booking.calendar_sequence is not None
        email_booker(
            booking, "booking_cancelled", with_calendar=sent_a_calendar, calendar_method=calendar.CANCEL
        )
    if held_a_place:
        offer_free_places(event, now)
    return booking


def cancel_by_token(*, token: str) -> Booking:
    event, booking = locked_booking(booking_by_token(token).id)
    return _cancel(event, booking, actor_id=booking.user_id)


def cancel_for_user(*, booking_id: int, user_id: int) -> Booking:
    owner = db.session.scalar(select(Booking.user_id).where(Booking.id == booking_id))
    if owner is None or owner != user_id:
        raise NotFound("There is no such booking")
    event, booking = locked_booking(booking_id)
    return _cancel(event, booking, actor_id=user_id)


def accept_offer(*, token: str) -> Booking:
    event, booking = locked_booking(booking_by_token(token).id)
    now = clock.now()
    if booking.status != BookingStatus.OFFERED:
        raise CannotChangeBooking("There is no place waiting for you to accept on this booking")
    if booking.offer_expires_at is None or booking.offer_expires_at <= now:
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
    email_booker(booking, "booking_confirmed", with_calendar=True)
    return booking
