"""Staff cancel a whole event: everyone booked, offered a place or waiting is
told in the staff's own words, and those with a place get the calendar
cancellation that takes it out of their calendars."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, BookingStatus
from portal.models.events import OPEN_STATUSES
from portal.services import audit, calendar, clock, triage
from portal.services.errors import DomainError
from portal.services.events.emails import email_booker
from portal.services.events.places import lock_event

MESSAGE_MAX_LENGTH = 1000


def cancel_event(*, event_id: int, message: str, actor_id: int) -> int:
    """Cancel the event and tell everyone on it; returns how many were told."""
    message = message.strip()
    if not message:
        raise DomainError("Tell the people booked why the event is cancelled")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise DomainError(f"Keep the message to {MESSAGE_MAX_LENGTH} characters or fewer")
    event = lock_event(event_id)
    if event.cancelled_at is not None:
        raise DomainError("This event is already cancelled")
    now = clock.now()
    event.cancelled_at = now
    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status.in_(OPEN_STATUSES))
        .order_by(Booking.id)
    ).all()
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        booking.offer_expires_at = None
        booking.updated_at = now
        email_booker(
            booking,
            "event_cancelled",
            with_calendar=booking.calendar_sequence is not None,
            calendar_method=calendar.CANCEL,
            staff_message=message,
        )
    triage.close_resolved(items=[event.waitlist_triage_item], why="the event was cancelled")
    audit.record(
        actor_id=actor_id,
        action="event.cancelled",
        record_type="event",
        record_id=event.id,
        summary=f"Event {event.id} cancelled; {len(bookings)} people told",
    )
    return len(bookings)
