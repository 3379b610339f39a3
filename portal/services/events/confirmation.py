"""What the confirmation page shows of a booking just made: found from the
booker's own session (a visitor has no account), and only on its event's page."""

from __future__ import annotations

from dataclasses import dataclass

from portal.extensions import db
from portal.models import Booking, BookingStatus
from portal.services import clock
from portal.services.errors import NotFound
from portal.services.events.manage_link import manage_link
from portal.services.events.places import reminder_to_come


@dataclass(frozen=True)
class Confirmation:
    booking: Booking
    manage_link: str
    reminder_to_come: bool


def own_booking(*, booking_id: int, user_id: int) -> Booking:
    """A signed-in person's own booking; anyone else's is answered as missing."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.user_id != user_id:
        raise NotFound("There is no such booking")
    return booking


def booking_to_confirm(*, booking_id: int | None, event_id: int) -> Confirmation | None:
    booking = db.session.get(Booking, booking_id) if booking_id else None
    if booking is None or booking.event_id != event_id or booking.status == BookingStatus.CANCELLED:
        return None
    return Confirmation(
        booking=booking,
        manage_link=manage_link(booking),
        reminder_to_come=reminder_to_come(booking.event, clock.now()),
    )
