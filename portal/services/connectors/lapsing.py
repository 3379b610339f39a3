"""The job: proposals not answered in time go back to the queue."""

from __future__ import annotations

from sqlalchemy import select

from portal.database import job_lock
from portal.extensions import db
from portal.models import (
    ConnectorLink,
    LinkStatus,
)
from portal.services import audit, clock, triage, working_days
from portal.services.connectors.proposals import answer_due

LAPSED_FOLLOW_UP_WORKING_DAYS = 2


def lapse_unanswered_proposals() -> int:
    """Proposals not answered within 5 working days are withdrawn and go back
    to the queue as "link not answered", once each. Safe to run again, or on
    several hosts at once."""
    job_lock(db.session, "lapse-connector-proposals")
    today = clock.today()
    waiting = db.session.scalars(
        select(ConnectorLink)
        .where(ConnectorLink.status == LinkStatus.PROPOSED)
        .order_by(ConnectorLink.id)
        # PostgreSQL: a connector answering at this moment finishes first,
        # and a proposal they accepted is no longer picked up here.
        .with_for_update(of=ConnectorLink)
    ).all()
    lapsed = 0
    for link in waiting:
        due = answer_due(link.proposed_at)
        if due >= today:
            continue
        follow_up_on, reason = working_days.due_in_working_days(clock.now(), LAPSED_FOLLOW_UP_WORKING_DAYS)
        item = triage.raise_item(
            kind="connector_link",
            title="Link not answered: propose another connector",
            due_on=follow_up_on,
            due_reason=reason,
            council_id=link.household.council_id,
            household_id=link.household_id,
        )
        link.status = LinkStatus.LAPSED
        link.triage_item_id = item.id
        audit.record(
            actor_id=None,
            action="connector.link_lapsed",
            record_type="connector_link",
            record_id=link.id,
            summary=f"Link {link.id} not answered by {due.isoformat()}: {item.reference} raised",
        )
        lapsed += 1
    return lapsed
