"""Attendance at events, groups and courses in a financial year."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, case, cast, distinct, func, literal, select

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, EventKind, EventSession
from portal.services.financial_year import FinancialYear
from portal.services.reporting import counting


def figures_for(years: Sequence[FinancialYear]) -> dict[FinancialYear, dict[str, int]]:
    """For each year and each kind of event, the households (or, for people
    without an account, email addresses) marked attended at events of that kind
    whose first session fell in the year, London dates: one query for every year."""
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
    attended = (
        select(
            counting.year_of(first.c.starts_at, years, london_times=True).label("year"),
            Event.kind,
            attendee.label("attendee"),
        )
        .select_from(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(first, first.c.event_id == Event.id)
        .where(
            Booking.status == BookingStatus.ATTENDED,
            counting.within_years(first.c.starts_at, years, london_times=True),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(attended.c.year, attended.c.kind, func.count(distinct(attended.c.attendee))).group_by(
            attended.c.year, attended.c.kind
        )
    ).all()
    found = counting.by_year([(start, kind.value, count) for start, kind, count in rows], years)
    return {each: {kind.value: 0 for kind in EventKind} | found[each] for each in years}


def figures(year: FinancialYear) -> dict[str, int]:
    return figures_for([year])[year]
