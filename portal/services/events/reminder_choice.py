"""A person turns the reminders of a booking off, or on again: from their
account, from the booking's emailed manage link, or in one click from the
link in each reminder (given to mail clients as List-Unsubscribe, RFC 8058).

The one-click link ``/reminders-off/<token>`` needs no session or CSRF
token: the token is the authority. It is the booking's id and an HMAC of it
under the site's key, tagged for this purpose alone (``site.derive``), so it
cannot be guessed, cannot be made for another booking, and does nothing but
turn reminders off. A token that does not check out is answered exactly as
one for a booking that does not exist.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from portal.extensions import db
from portal.models import Booking
from portal.models.events import ON_THE_REGISTER
from portal.services import audit, clock, site
from portal.services.errors import NotFound
from portal.services.events.confirmation import own_booking
from portal.services.events.errors import BookingLinkClosed, CannotChangeBooking, InvalidBookingLink
from portal.services.events.manage_link import booking_by_token
from portal.services.events.places import has_ended
from portal.services.site import Purpose

ID_BYTES = 8
SIGNATURE_BYTES = 32  # HMAC-SHA256


def _token_for(booking_id: int) -> str:
    signed = booking_id.to_bytes(ID_BYTES, "big") + site.derive(Purpose.BOOKING_REMINDERS_OFF, booking_id)
    return base64.urlsafe_b64encode(signed).rstrip(b"=").decode()


def reminders_off_link(booking: Booking) -> str:
    return site.link(f"/reminders-off/{_token_for(booking.id)}")


def booking_by_reminders_token(token: str) -> Booking:
    """The booking a one-click link is for, while its event is not over."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise InvalidBookingLink("This link is not right") from None
    booking_id = int.from_bytes(signed[:ID_BYTES], "big")
    if len(signed) != ID_BYTES + SIGNATURE_BYTES or not hmac.compare_digest(token, _token_for(booking_id)):
        raise InvalidBookingLink("This link is not right")
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise InvalidBookingLink("This link is not right")
    if has_ended(booking.event):
        raise BookingLinkClosed("This event has ended")
    return booking


def reminders_apply(booking: Booking) -> bool:
    """Whether reminders are still to come for the booking, so worth turning off or on."""
    now = clock.now()
    return booking.status in ON_THE_REGISTER and any(s.starts_at > now for s in booking.event.sessions)


def set_reminders(booking: Booking, *, wanted: bool, actor_id: int | None) -> bool:
    """Turn the booking's reminders on or off; False if they already were."""
    if booking.reminders_off == (not wanted):
        return False
    booking.reminders_off = not wanted
    booking.updated_at = clock.now()
    audit.record(
        actor_id=actor_id,
        action="booking.reminders_turned_on" if wanted else "booking.reminders_turned_off",
        record_type="booking",
        record_id=booking.id,
        summary=f"Reminders turned {'on' if wanted else 'off'} for booking {booking.id}",
    )
    return True


def _choose(booking: Booking, *, wanted: bool, actor_id: int | None) -> Booking:
    if not reminders_apply(booking):
        raise CannotChangeBooking("There are no reminders still to come for this booking")
    set_reminders(booking, wanted=wanted, actor_id=actor_id)
    return booking


def reminders_off_by_link(token: str) -> Booking:
    """The one-click link in a reminder: reminders off, whoever follows it."""
    booking = booking_by_reminders_token(token)
    set_reminders(booking, wanted=False, actor_id=None)
    return booking


def choose_reminders_by_manage_link(*, token: str, wanted: bool) -> Booking:
    return _choose(booking_by_token(token), wanted=wanted, actor_id=None)


def choose_reminders_for_user(*, booking_id: int, user_id: int, wanted: bool) -> Booking:
    return _choose(own_booking(booking_id=booking_id, user_id=user_id), wanted=wanted, actor_id=user_id)


def choose_reminders_for_staff(*, event_id: int, booking_id: int, wanted: bool, actor_id: int) -> Booking:
    """Staff turn them off for someone who asked (by email to the team inbox, say)."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.event_id != event_id:
        raise NotFound("There is no such booking")
    return _choose(booking, wanted=wanted, actor_id=actor_id)
