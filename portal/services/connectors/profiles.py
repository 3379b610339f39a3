"""Peer connectors' profiles: the councils they cover, how many households
they can take, their tags and whether they are paused; the staff list of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    ConnectorLink,
    ConnectorProfile,
    ConnectorProfileTag,
    ConnectorStatus,
    ConnectorTag,
    Council,
    Role,
    User,
)
from portal.models.connectors import OPEN_LINK_STATUSES
from portal.services import audit, clock
from portal.services.connectors.errors import ProfileInvalid
from portal.services.errors import NotFound
from portal.services.paging import Page, paginate

MAX_CAPACITY = 20


def connector_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.CONNECTOR:
        raise NotFound("There is no such peer connector")
    return user


def find_profile(user_id: int) -> ConnectorProfile | None:
    return db.session.scalar(
        select(ConnectorProfile)
        .where(ConnectorProfile.user_id == user_id)
        .options(selectinload(ConnectorProfile.councils), selectinload(ConnectorProfile.tag_rows))
    )


@dataclass(frozen=True)
class ProfileView:
    """A connector's profile as the forms show it; defaults until it is first saved."""

    user: User
    council_ids: list[int]
    council_names: list[str]
    capacity: int
    tags: list[ConnectorTag]
    status: ConnectorStatus
    paused_until: date | None
    contact_for_households: str
    saved: bool


def profile_for(user_id: int) -> ProfileView:
    user = connector_user(user_id)
    profile = find_profile(user.id)
    if profile is None:
        return ProfileView(user, [], [], 2, [], ConnectorStatus.ACTIVE, None, "", saved=False)
    return ProfileView(
        user=user,
        council_ids=[c.id for c in profile.councils],
        council_names=[c.name for c in profile.councils],
        capacity=profile.capacity,
        tags=profile.tags,
        status=profile.status,
        paused_until=profile.paused_until,
        contact_for_households=profile.contact_for_households,
        saved=True,
    )


def save_profile(
    *,
    user_id: int,
    council_ids: list[int],
    capacity: int,
    tags: list[str],
    status: str,
    paused_until: date | None,
    contact_for_households: str,
    actor_id: int,
) -> ConnectorProfile:
    """Staff or the connector keep the profile; it is made the first time it is saved."""
    user = connector_user(user_id)
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ProfileInvalid(f"Enter a number of households from 0 to {MAX_CAPACITY}")
    try:
        chosen_tags = sorted({ConnectorTag(t) for t in tags})
        status = ConnectorStatus(status)
    except ValueError as error:
        raise ProfileInvalid("Choose from the options given") from error
    councils = list(db.session.scalars(select(Council).where(Council.id.in_(council_ids))))
    if len(councils) != len(set(council_ids)):
        raise ProfileInvalid("Choose councils from the list")
    if status == ConnectorStatus.PAUSED and paused_until is not None and paused_until < clock.today():
        raise ProfileInvalid("The date the pause ends must be today or in the future")
    profile = find_profile(user.id)
    if profile is None:
        profile = ConnectorProfile(user_id=user.id, updated_at=clock.now())
        db.session.add(profile)
    profile.capacity = capacity
    profile.status = status
    profile.paused_until = paused_until if status == ConnectorStatus.PAUSED else None
    profile.contact_for_households = contact_for_households.strip()
    profile.councils = councils
    profile.tag_rows = [ConnectorProfileTag(tag=tag) for tag in chosen_tags]
    profile.updated_at = clock.now()
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="connector.profile_saved",
        record_type="connector_profile",
        record_id=profile.id,
        summary=f"Connector profile of user {user.id} saved: {status.label}, capacity {capacity}, "
        f"{len(councils)} councils, {len(chosen_tags)} tags",
    )
    return profile


def is_available(profile: ConnectorProfile, today: date) -> bool:
    if profile.status == ConnectorStatus.ACTIVE:
        return True
    return profile.paused_until is not None and profile.paused_until < today


def open_link_counts(user_ids: list[int] | None = None) -> dict[int, int]:
    """Open links (proposed or active) per connector: what counts against capacity."""
    query = (
        select(ConnectorLink.connector_id, func.count())
        .where(ConnectorLink.status.in_(OPEN_LINK_STATUSES))
        .group_by(ConnectorLink.connector_id)
    )
    if user_ids is not None:
        query = query.where(ConnectorLink.connector_id.in_(user_ids))
    return dict(db.session.execute(query).all())


@dataclass(frozen=True)
class ConnectorRow:
    user: User
    profile: ConnectorProfile | None
    load: int

    @property
    def availability(self) -> str:
        if self.profile is None:
            return "Profile not set up"
        if self.profile.status == ConnectorStatus.PAUSED:
            if self.profile.paused_until and self.profile.paused_until < clock.today():
                return "Active (pause ended)"
            return "Paused" + (
                f" until {self.profile.paused_until.day} {self.profile.paused_until:%B %Y}"
                if self.profile.paused_until
                else ""
            )
        return "Active"


def connectors_page(*, page: int, page_size: int = 25) -> Page[ConnectorRow]:
    """Every connector with their profile and current load (a constant number of queries)."""
    users = paginate(
        select(User).where(User.role == Role.CONNECTOR).order_by(User.full_name, User.id),
        page=page,
        page_size=page_size,
    )
    ids = [u.id for u in users.items]
    profiles = {
        p.user_id: p
        for p in db.session.scalars(
            select(ConnectorProfile)
            .where(ConnectorProfile.user_id.in_(ids))
            .options(selectinload(ConnectorProfile.councils), selectinload(ConnectorProfile.tag_rows))
        )
    }
    loads = open_link_counts(ids)
    rows = [ConnectorRow(user=u, profile=profiles.get(u.id), load=loads.get(u.id, 0)) for u in users.items]
    return Page(items=rows, total=users.total, page=users.page, page_size=users.page_size)
