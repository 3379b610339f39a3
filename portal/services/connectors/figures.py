"""The peer connectors' figures for the staff report."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    ConnectorContact,
    ConnectorLink,
    ConnectorProfile,
    ConnectorStatus,
    LinkStatus,
    Role,
    User,
)
from portal.services import clock


@dataclass(frozen=True)
class ConnectorFigures:
    active_connectors: int
    households_supported_in_period: int
    households_supported_ever: int
    proposed: int
    accepted: int
    declined: int
    closed: int
    median_days_to_accept: float | None
    contacts_by_month: dict[str, int]


def _month_key(column):
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def figures(start: date, end: date) -> ConnectorFigures:
    """The staff report's figures for the days ``start`` to ``end`` (London)."""
    since, until = clock.london_day_bounds(start, end)
    today = clock.today()
    active_connectors = db.session.scalar(
        select(func.count())
        .select_from(ConnectorProfile)
        .join(User, User.id == ConnectorProfile.user_id)
        .where(
            User.is_active,
            User.role == Role.CONNECTOR,
            (ConnectorProfile.status == ConnectorStatus.ACTIVE) | (ConnectorProfile.paused_until < today),
        )
    )
    supported = select(func.count(func.distinct(ConnectorLink.household_id))).where(
        ConnectorLink.responded_at.is_not(None),
        ConnectorLink.status.in_([LinkStatus.ACTIVE, LinkStatus.CLOSED]),
    )
    # Supported in the period: accepted before it ended and not closed before it began.
    in_period = db.session.scalar(
        supported.where(
            ConnectorLink.responded_at < until,
            ConnectorLink.closed_at.is_(None) | (ConnectorLink.closed_at >= since),
        )
    )

    def count(*conditions) -> int:
        return db.session.scalar(select(func.count()).select_from(ConnectorLink).where(*conditions))

    def within(column):
        return (column >= since) & (column < until)

    accepted_status = ConnectorLink.status.in_([LinkStatus.ACTIVE, LinkStatus.CLOSED])
    responded = within(ConnectorLink.responded_at)
    # The median is taken in Python over the period's accepted links (a few hundred at most).
    accepted_rows = db.session.execute(
        select(ConnectorLink.proposed_at, ConnectorLink.responded_at).where(accepted_status, responded)
    ).all()
    days = [(clock.to_london(r).date() - clock.to_london(p).date()).days for p, r in accepted_rows]
    month = _month_key(ConnectorContact.contact_on)
    by_month = dict(
        db.session.execute(
            select(month, func.count())
            .where(ConnectorContact.contact_on.between(start, end))
            .group_by(month)
            .order_by(month)
        ).all()
    )
    return ConnectorFigures(
        active_connectors=active_connectors,
        households_supported_in_period=in_period,
        households_supported_ever=db.session.scalar(supported),
        proposed=count(within(ConnectorLink.proposed_at)),
        accepted=count(accepted_status, responded),
        declined=count(ConnectorLink.status == LinkStatus.DECLINED, responded),
        closed=count(within(ConnectorLink.closed_at)),
        median_days_to_accept=statistics.median(days) if days else None,
        contacts_by_month=by_month,
    )
