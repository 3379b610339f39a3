"""What staff and the household see of the household's links."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ConnectorConcern,
    ConnectorLink,
    LinkStatus,
)
from portal.services.connectors.profiles import find_profile
from portal.services.errors import NotFound


def get_link(link_id: int, *, for_update: bool = False) -> ConnectorLink:
    query = select(ConnectorLink).where(ConnectorLink.id == link_id)
    if for_update:
        query = query.with_for_update(of=ConnectorLink)
    link = db.session.scalar(query)
    if link is None:
        raise NotFound("No such link")
    return link


def links_for_household(household_id: int) -> list[ConnectorLink]:
    """Every link the household has had, newest first: history is kept."""
    return list(
        db.session.scalars(
            select(ConnectorLink)
            .where(ConnectorLink.household_id == household_id)
            .order_by(ConnectorLink.proposed_at.desc(), ConnectorLink.id.desc())
        )
    )


def concerns_for_link(link_id: int) -> list[ConnectorConcern]:
    return list(
        db.session.scalars(
            select(ConnectorConcern)
            .where(ConnectorConcern.link_id == link_id)
            .order_by(ConnectorConcern.raised_at.desc())
        )
    )


def concern_for_triage_item(item_id: int) -> ConnectorConcern | None:
    """What the connector wrote, for the staff working its queue item."""
    return db.session.scalar(select(ConnectorConcern).where(ConnectorConcern.triage_item_id == item_id))


def link_for_triage_item(item_id: int) -> ConnectorLink | None:
    """The link behind a "link not answered" item or a connector's concern."""
    link = db.session.scalar(select(ConnectorLink).where(ConnectorLink.triage_item_id == item_id))
    if link is not None:
        return link
    return db.session.scalar(
        select(ConnectorLink)
        .join(ConnectorConcern, ConnectorConcern.link_id == ConnectorLink.id)
        .where(ConnectorConcern.triage_item_id == item_id)
    )


@dataclass(frozen=True)
class HouseholdConnector:
    first_name: str
    contact: str


def active_link_for_household(household_id: int) -> HouseholdConnector | None:
    """The household's peer connector: a first name and how to reach them."""
    link = db.session.scalar(
        select(ConnectorLink).where(
            ConnectorLink.household_id == household_id, ConnectorLink.status == LinkStatus.ACTIVE
        )
    )
    if link is None:
        return None
    profile = find_profile(link.connector_id)
    return HouseholdConnector(
        first_name=link.connector.first_name, contact=profile.contact_for_households if profile else ""
    )
