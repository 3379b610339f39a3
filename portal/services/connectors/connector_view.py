"""What a connector sees: only the households linked to them, and only what
the link needs (the adults' first names, the council, the stage). Every
lookup on a connector's behalf goes through :func:`link_for_connector`, which
answers "not found" for anyone else's link.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    ConnectorContact,
    ConnectorLink,
    Household,
    LinkStatus,
)
from portal.models.connectors import OPEN_LINK_STATUSES
from portal.services import journey
from portal.services.connectors.errors import LinkStateInvalid
from portal.services.errors import NotFound


@dataclass(frozen=True)
class LinkView:
    """Only what a link needs the connector to know."""

    link: ConnectorLink
    first_names: str
    council: str
    stage: str

    @property
    def id(self) -> int:
        return self.link.id


def _first_names(household: Household) -> str:
    names = [adult.first_name for adult in household.adults if adult.is_active]
    return " and ".join(names) if names else "The household"


def link_views(links: list[ConnectorLink]) -> list[LinkView]:
    stages = journey.current_stages([link.household_id for link in links])
    return [
        LinkView(
            link=link,
            first_names=_first_names(link.household),
            council=link.household.council.name,
            stage=stages[link.household_id].label if link.household_id in stages else "Not recorded",
        )
        for link in links
    ]


def links_query():
    return select(ConnectorLink).options(selectinload(ConnectorLink.household).selectinload(Household.adults))


@dataclass(frozen=True)
class ConnectorHome:
    waiting: list[LinkView]
    active: list[LinkView]


def home_for_connector(user_id: int) -> ConnectorHome:
    links = list(
        db.session.scalars(
            links_query()
            .where(ConnectorLink.connector_id == user_id, ConnectorLink.status.in_(OPEN_LINK_STATUSES))
            .order_by(ConnectorLink.proposed_at, ConnectorLink.id)
        )
    )
    views = link_views(links)
    return ConnectorHome(
        waiting=[v for v in views if v.link.status == LinkStatus.PROPOSED],
        active=[v for v in views if v.link.status == LinkStatus.ACTIVE],
    )


def link_for_connector(*, link_id: int, user_id: int, for_update: bool = False) -> LinkView:
    """The connector's own link, or NotFound: never say whether another's exists.
    ``for_update`` locks the row (PostgreSQL) against the lapsing job or staff."""
    query = links_query().where(ConnectorLink.id == link_id, ConnectorLink.connector_id == user_id)
    if for_update:
        query = query.with_for_update(of=ConnectorLink)
    link = db.session.scalar(query)
    if link is None:
        raise NotFound("No such link")
    return link_views([link])[0]


def contacts(link_id: int) -> list[ConnectorContact]:
    return list(
        db.session.scalars(
            select(ConnectorContact)
            .where(ConnectorContact.link_id == link_id)
            .order_by(ConnectorContact.contact_on.desc(), ConnectorContact.id.desc())
        )
    )


def own_link(link_id: int, user_id: int, wanted: LinkStatus) -> ConnectorLink:
    link = link_for_connector(link_id=link_id, user_id=user_id, for_update=True).link
    if link.status != wanted:
        raise LinkStateInvalid(
            "This link is no longer waiting for an answer"
            if wanted == LinkStatus.PROPOSED
            else "This link is not active"
        )
    return link
