"""Places on an event: counted under the event's lock, so two people can never
both take the last place.

Every change that can take or free a place first locks the event's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the writing transaction's
``BEGIN IMMEDIATE`` already lets one writer in at a time).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Booking, Event, EventSession
from portal.models.events import HOLDS_A_PLACE
from portal.services import clock
from portal.services.errors import NotFound

# How long someone offered a place from the waiting list has to accept it.
OFFER_HOURS = 48
# The reminder goes this many days before each session.
REMINDER_DAYS = 2


def first_starts():
    """A subquery: each event's id and the start of its first session."""
    return (
        select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )


def places_taken(event_ids: Sequence[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Booking.event_id, func.count())
        .where(Booking.event_id.in_(event_ids), Booking.status.in_(HOLDS_A_PLACE))
        .group_by(Booking.event_id)
    ).all()
    return dict(rows)


def first_start(event: Event) -> datetime:
    return event.sessions[0].starts_at


def reminder_to_come(event: Event, now: datetime) -> bool:
    """Whether a booking made ``now`` will still get the reminder: not when
    the event starts within the reminder's own 2 days."""
    return first_start(event) - now > timedelta(days=REMINDER_DAYS)


def has_started(event: Event) -> bool:
    return first_start(event) <= clock.now()


def has_ended(event: Event) -> bool:
    return max(session.ends_at for session in event.sessions) <= clock.now()


def lock_event(event_id: int) -> Event:
    """The event, its row locked until the transaction ends (PostgreSQL)."""
    event = db.session.scalar(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    )
    if event is None or event.cancelled_at is not None or not event.sessions:
        raise NotFound("There is no such event")
    return event


def locked_booking(booking_id: int) -> tuple[Event, Booking]:
    """Lock the booking's event, then read the booking as it is now."""
    event_id = db.session.scalar(select(Booking.event_id).where(Booking.id == booking_id))
    if event_id is None:
        raise NotFound("There is no such booking")
    event = lock_event(event_id)
    booking = db.session.execute(
        select(Booking).where(Booking.id == booking_id).execution_options(populate_existing=True)
    ).scalar_one()
    return event, booking
