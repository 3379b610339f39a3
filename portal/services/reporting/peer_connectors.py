"""Peer connectors in a financial year: connectors active now, households
supported, links proposed, accepted, declined and closed, and contacts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

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
from portal.services.financial_year import FinancialYear
from portal.services.reporting.counting import month_key


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


def figures(year: FinancialYear) -> ConnectorFigures:
    """London dates; connectors active now."""
    start, end = year.start, year.end
    since, until = clock.london_day_bounds(start, end)
    today = clock.today()
    active_connectors = db.session.execute(
        select(func.count())
        .select_from(ConnectorProfile)
        .join(User, User.id == ConnectorProfile.user_id)
        .where(
            User.is_active,
            User.role == Role.CONNECTOR,
            (ConnectorProfile.status == ConnectorStatus.ACTIVE) | (ConnectorProfile.paused_until < today),
        )
    ).scalar_one()
    supported = select(func.count(func.distinct(ConnectorLink.household_id))).where(
        ConnectorLink.responded_at.is_not(None),
        ConnectorLink.status.in_([LinkStatus.ACTIVE, LinkStatus.CLOSED]),
    )
    # Supported in the period: accepted before it ended and not closed before it began.
    in_period = db.session.execute(
        supported.where(
            ConnectorLink.responded_at < until,
            ConnectorLink.closed_at.is_(None) | (ConnectorLink.closed_at >= since),
        )
    ).scalar_one()

    def count(*conditions) -> int:
        return db.session.execute(
            select(func.count()).select_from(ConnectorLink).where(*conditions)
        ).scalar_one()

    def within(column):
        return (column >= since) & (column < until)

    accepted_status = ConnectorLink.status.in_([LinkStatus.ACTIVE, LinkStatus.CLOSED])
    responded = within(ConnectorLink.responded_at)
    # The median is taken in Python over the period's accepted links (a few hundred at most).
    accepted_rows = db.session.execute(
        select(ConnectorLink.proposed_at, ConnectorLink.responded_at).where(accepted_status, responded)
    ).all()
    days = [
        (clock.to_london(responded).date() - clock.to_london(proposed).date()).days
        for proposed, responded in accepted_rows
        if responded is not None
    ]
    month = month_key(ConnectorContact.contact_on)
    by_month: dict[str, int] = dict(
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
        households_supported_ever=db.session.execute(supported).scalar_one(),
        proposed=count(within(ConnectorLink.proposed_at)),
        accepted=count(accepted_status, responded),
        declined=count(ConnectorLink.status == LinkStatus.DECLINED, responded),
        closed=count(within(ConnectorLink.closed_at)),
        median_days_to_accept=statistics.median(days) if days else None,
        contacts_by_month=by_month,
    )
