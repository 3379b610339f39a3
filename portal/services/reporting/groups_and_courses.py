"""Attendance at events, groups and courses in a financial year."""

from __future__ import annotations

from sqlalchemy import String, case, cast, distinct, func, literal, select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, EventKind, EventSession
from portal.services import clock
from portal.services.financial_year import FinancialYear


def figures(year: FinancialYear) -> dict[str, int]:
    """For each kind of event, the households (or, for people without an
    account, email addresses) marked attended at events of that kind whose
    first session fell in the year, London dates."""
    first = (
        select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )
    attendee = case(
        (Booking.household_id.is_not(None), literal("household:") + cast(Booking.household_id, String)),
        (Booking.user_id.is_not(None), literal("user:") + cast(Booking.user_id, String)),
        else_=literal("email:") + Booking.email,
    )
    since, until = clock.london_day_bounds(year.start, year.end)
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
