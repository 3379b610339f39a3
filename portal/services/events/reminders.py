"""The reminder emailed to everyone booked, 2 days before their event."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, func, select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, EventSession
from portal.services import audit, clock
from portal.services.events.emails import email_booker
from portal.services.events.places import REMINDER_DAYS


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
        email_booker(booking, "booking_reminder")
    return len(due)
