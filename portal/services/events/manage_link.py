"""Each booking is managed from an emailed link ``/bookings/<token>``.

The token is an HMAC of the booking's id under the site's secret key, so every
email about a booking can carry the same link; only a SHA-256 of it is stored,
so the database alone never yields a working link. The link stops working once
the event has ended.
"""

from __future__ import annotations

import base64
import hashlib

from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking
from portal.services import site
from portal.services.events.errors import BookingLinkClosed, InvalidBookingLink
from portal.services.events.places import has_ended
from portal.services.site import Purpose


def _token_for(booking: Booking) -> str:
    digest = site.derive(Purpose.BOOKING_MANAGE, booking.id)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_manage_token(booking: Booking) -> None:
    """Store the hash of the booking's manage token (the booking needs its id)."""
    booking.manage_token_hash = _hash(_token_for(booking))


def manage_link(booking: Booking) -> str:
    return site.link(f"/bookings/{_token_for(booking)}")


def booking_by_token(token: str) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.manage_token_hash == _hash(token)))
    if booking is None:
        raise InvalidBookingLink("This link is not right")
    # A link that works for ever is a secret that must be kept for ever.
    if has_ended(booking.event):
        raise BookingLinkClosed("This event has ended")
    return booking
