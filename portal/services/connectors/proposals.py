"""Staff find connectors who can take a household and propose a link; the
connector is emailed and has 5 working days to answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    ConnectorLink,
    ConnectorProfile,
    ConnectorTag,
    LinkStatus,
    Role,
    Stage,
    User,
)
from portal.models.connectors import OPEN_LINK_STATUSES
from portal.services import accounts, audit, clock, journey, site, working_days
from portal.services.connectors.errors import NotLinkable
from portal.services.connectors.profiles import connector_user, find_profile, is_available, open_link_counts
from portal.services.email import queue_email

# A household can be linked once approved as adopters, and stay linked after.
LINKABLE_STAGES = frozenset({Stage.APPROVED, Stage.MATCHED, Stage.PLACED, Stage.ADOPTION_ORDER})
ANSWER_WORKING_DAYS = 5


@dataclass(frozen=True)
class Suggestion:
    user: User
    profile: ConnectorProfile
    load: int
    covers_council: bool
    matching_tags: list[ConnectorTag]

    @property
    def free(self) -> int:
        return self.profile.capacity - self.load


def suggestions(*, household_id: int, tags: list[str]) -> list[Suggestion]:
    """Connectors who can take a household now, best first: those covering the
    household's council, then the most matching tags, then the most free
    capacity, then by name. Available means active (or a pause that has
    ended), with an open place, and not already linked with this household."""
    household = accounts.get_household(household_id)
    wanted = {ConnectorTag(t) for t in tags if t in ConnectorTag.__members__.values()}
    today = clock.today()
    already = set(
        db.session.scalars(
            select(ConnectorLink.connector_id).where(
                ConnectorLink.household_id == household.id,
                ConnectorLink.status.in_(OPEN_LINK_STATUSES),
            )
        )
    )
    profiles = db.session.scalars(
        select(ConnectorProfile)
        .join(User, User.id == ConnectorProfile.user_id)
        .where(User.role == Role.CONNECTOR, User.is_active)
        .options(selectinload(ConnectorProfile.councils), selectinload(ConnectorProfile.tag_rows))
    ).all()
    loads = open_link_counts()
    found = []
    for profile in profiles:
        load = loads.get(profile.user_id, 0)
        if profile.user_id in already or not is_available(profile, today) or load >= profile.capacity:
            continue
        found.append(
            Suggestion(
                user=profile.user,
                profile=profile,
                load=load,
                covers_council=household.council_id in {c.id for c in profile.councils},
                matching_tags=[t for t in profile.tags if t in wanted],
            )
        )
    found.sort(key=lambda s: (not s.covers_council, -len(s.matching_tags), -s.free, s.user.full_name))
    return found


def open_link_for_household(household_id: int) -> ConnectorLink | None:
    return db.session.scalar(
        select(ConnectorLink).where(
            ConnectorLink.household_id == household_id, ConnectorLink.status.in_(OPEN_LINK_STATUSES)
        )
    )


def propose(*, household_id: int, connector_id: int, household_contact: str, actor_id: int) -> ConnectorLink:
    """Staff propose a link; the connector is emailed and has 5 working days to answer."""
    household = accounts.get_household(household_id)
    stage = journey.current_stage(household.id)
    if stage not in LINKABLE_STAGES:
        raise NotLinkable("A household can have a peer connector once it is approved as adopters")
    if open_link_for_household(household.id) is not None:
        raise NotLinkable("This household already has a peer connector or a link waiting for an answer")
    connector = connector_user(connector_id)
    profile = find_profile(connector.id)
    if (
        profile is None
        or not connector.is_active
        or not is_available(profile, clock.today())
        or open_link_counts([connector.id]).get(connector.id, 0) >= profile.capacity
    ):
        raise NotLinkable("This connector cannot take another household now: choose another")
    if not household_contact.strip():
        raise NotLinkable("Enter how the household would like to be contacted")
    link = ConnectorLink(
        household_id=household.id,
        connector_id=connector.id,
        status=LinkStatus.PROPOSED,
        household_contact=household_contact.strip(),
        proposed_at=clock.now(),
        proposed_by_id=actor_id,
    )
    db.session.add(link)
    db.session.flush()
    answer_by = working_days.add_working_days(working_days.clock_start(link.proposed_at), ANSWER_WORKING_DAYS)
    queue_email(
        template="connector_link_proposed",
        to=connector.email,
        context={
            "first_name": connector.first_name,
            "answer_by": answer_by,
            "link": site.link(f"/connector/links/{link.id}"),
        },
    )
    audit.record(
        actor_id=actor_id,
        action="connector.link_proposed",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} proposed: household {household.id} with connector {connector.id}",
    )
    return link


def answer_due(proposed_at: datetime) -> date:
    return working_days.add_working_days(working_days.clock_start(proposed_at), ANSWER_WORKING_DAYS)
