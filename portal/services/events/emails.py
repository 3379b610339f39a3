"""The emails about a booking, each with its manage link (and, for a place,
a calendar file)."""

from __future__ import annotations

from typing import Any

from portal.models import Booking, BookingStatus
from portal.services import clock, site
from portal.services.calendar import CalendarEntry, build_ics
from portal.services.email import queue_email, queue_public_email
from portal.services.events.manage_link import manage_link
from portal.services.events.places import OFFER_HOURS


def _calendar(booking: Booking) -> str:
    event = booking.event
    host = site.host()
    location = event.online_url or event.venue or ""
    entries = [
        CalendarEntry(
            uid=f"booking-{booking.id}-session-{session.id}@{host}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=event.title,
            location=location,
            description=f"To cancel or manage your booking: {manage_link(booking)}",
        )
        for session in event.sessions
    ]
    return build_ics(entries, stamp=clock.now())


def email_booker(
    booking: Booking, template: str, *, with_calendar: bool = False, public_cap: int | None = None
) -> None:
    """``public_cap``: the booking came from someone not signed in, so the
    per-recipient hourly limit of public forms applies."""
    event = booking.event
    email: dict[str, Any] = dict(
        template=template,
        to=booking.contact_email,
        context={
            "first_name": booking.name.split(" ", 1)[0],
            "event": event,
            "kind_label": event.kind.label,
            "sessions": event.sessions,
            "link": manage_link(booking),
            "offer_expires_at": booking.offer_expires_at,
            "offer_hours": OFFER_HOURS,
        },
        ics=_calendar(booking) if with_calendar else None,
    )
    if public_cap is None:
        queue_email(**email)
    else:
        queue_public_email(per_recipient_per_hour=public_cap, **email)


def email_for_status(booking: Booking, *, public_cap: int | None = None) -> None:
    if booking.status == BookingStatus.BOOKED:
        email_booker(booking, "booking_confirmed", with_calendar=True, public_cap=public_cap)
    elif booking.status == BookingStatus.WAITLISTED:
        email_booker(booking, "booking_waitlisted", public_cap=public_cap)
    elif booking.status == BookingStatus.OFFERED:
        email_booker(booking, "place_offered", public_cap=public_cap)
