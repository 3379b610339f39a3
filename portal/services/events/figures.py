"""Attendance figures for the annual report."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, case, cast, distinct, func, literal, select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, EventKind
from portal.services import clock
from portal.services.events.places import first_starts


def attended_by_kind(start: date, end: date) -> dict[str, int]:
    """For each kind of event, the households (or, for people without an
    account, email addresses) marked attended at events of that kind whose
    first session fell in [start, end], London dates."""
    first = first_starts()
    attendee = case(
        (Booking.household_id.is_not(None), literal("household:") + cast(Booking.household_id, String)),
        (Booking.user_id.is_not(None), literal("user:") + cast(Booking.user_id, String)),
        else_=literal("email:") + Booking.email,
    )
    since, until = clock.london_day_bounds(start, end)
    rows = db.session.execute(
        select(Event.kind, func.count(distinct(attendee)))
        .select_from(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(first, first.c.event_id == Event.id)
        .where(
            Booking.status == BookingStatus.ATTENDED,
            first.c.starts_at >= since,
            first.c.starts_at < until,
        )
        .group_by(Event.kind)
    ).all()
    return {kind.value: 0 for kind in EventKind} | dict(rows)


def information_events_attended(start: date, end: date) -> int:
    """The annual report's "information events attended"."""
    return attended_by_kind(start, end)[EventKind.INFORMATION_EVENT.value]
