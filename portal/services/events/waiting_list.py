"""The waiting list: free places offered to the people waiting longest, offers
that lapse, and one queue item per event so staff can consider more places."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event
from portal.services import audit, clock, triage, working_days
from portal.services.events.emails import email_booker
from portal.services.events.places import OFFER_HOURS, first_start, lock_event, places_taken

WAITLIST_WORKING_DAYS = 5


def ensure_waitlist_item(event: Event, now: datetime) -> None:
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


def offer_free_places(event: Event, now: datetime) -> int:
    """Offer any free places to the people waiting longest. The event must be locked."""
    starts_at = first_start(event)
    if starts_at <= now:
        return 0
    free = event.capacity - places_taken([event.id]).get(event.id, 0)
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
        booking.offer_expires_at = min(now + timedelta(hours=OFFER_HOURS), starts_at)
        booking.updated_at = now
        audit.record(
            actor_id=None,
            action="booking.offered",
            record_type="booking",
            record_id=booking.id,
            summary=f"Place on event {event.id} offered to booking {booking.id}",
        )
        email_booker(booking, "place_offered")
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
        event = lock_event(event_id)
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
        offer_free_places(event, now)
    return lapsed_count
