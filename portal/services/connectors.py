"""Peer connectors: their profiles, links with approved households, the
contacts they log, what they need to tell staff, and the figures.

A connector sees only the households linked to them, and only what the link
needs: the adults' first names, the council, the stage and how the household
agreed to be contacted. Every lookup on a connector's behalf goes through
:func:`link_for_connector`, which answers "not found" for anyone else's link.

Free text people type (contact notes, decline reasons, concerns) is never
audited, logged or emailed.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.database import job_lock
from portal.extensions import db
from portal.models import (
    CloseReason,
    ConnectorConcern,
    ConnectorContact,
    ConnectorLink,
    ConnectorProfile,
    ConnectorProfileTag,
    ConnectorStatus,
    ConnectorTag,
    ContactMethod,
    Council,
    Household,
    LinkStatus,
    Role,
    Stage,
    User,
)
from portal.models.connectors import OPEN_LINK_STATUSES
from portal.services import accounts, agency, audit, clock, journey, notify, triage, working_days
from portal.services.errors import DomainError, NotFound
from portal.services.paging import Page, paginate

# A household can be linked once approved as adopters, and stay linked after.
LINKABLE_STAGES = frozenset({Stage.APPROVED, Stage.MATCHED, Stage.PLACED, Stage.ADOPTION_ORDER})
ANSWER_WORKING_DAYS = 5
LAPSED_FOLLOW_UP_WORKING_DAYS = 2
CONCERN_WORKING_DAYS = 1
MAX_CAPACITY = 20


class ProfileInvalid(DomainError):
    pass


class NotLinkable(DomainError):
    pass


class LinkStateInvalid(DomainError):
    pass


# -- profiles ---------------------------------------------------------------


def _connector(user_id: int) -> User:
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
    user = _connector(user_id)
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
    user = _connector(user_id)
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


def _is_available(profile: ConnectorProfile, today: date) -> bool:
    if profile.status == ConnectorStatus.ACTIVE:
        return True
    return profile.paused_until is not None and profile.paused_until < today


def _loads(user_ids: list[int] | None = None) -> dict[int, int]:
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
    loads = _loads(ids)
    rows = [ConnectorRow(user=u, profile=profiles.get(u.id), load=loads.get(u.id, 0)) for u in users.items]
    return Page(items=rows, total=users.total, page=users.page, page_size=users.page_size)


# -- suggestions and proposals ------------------------------------------------


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
    loads = _loads()
    found = []
    for profile in profiles:
        load = loads.get(profile.user_id, 0)
        if profile.user_id in already or not _is_available(profile, today) or load >= profile.capacity:
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


def _link(path: str) -> str:
    return current_app.config["BASE_URL"] + path


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
    connector = _connector(connector_id)
    profile = find_profile(connector.id)
    if (
        profile is None
        or not connector.is_active
        or not _is_available(profile, clock.today())
        or _loads([connector.id]).get(connector.id, 0) >= profile.capacity
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
    notify.queue_email(
        template="connector_link_proposed",
        to=connector.email,
        context={
            "first_name": connector.first_name,
            "answer_by": answer_by,
            "link": _link(f"/connector/links/{link.id}"),
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


# -- what a connector sees -----------------------------------------------------


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


def _views(links: list[ConnectorLink]) -> list[LinkView]:
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


def _links_query():
    return select(ConnectorLink).options(selectinload(ConnectorLink.household).selectinload(Household.adults))


@dataclass(frozen=True)
class ConnectorHome:
    waiting: list[LinkView]
    active: list[LinkView]


def home_for_connector(user_id: int) -> ConnectorHome:
    links = list(
        db.session.scalars(
            _links_query()
            .where(ConnectorLink.connector_id == user_id, ConnectorLink.status.in_(OPEN_LINK_STATUSES))
            .order_by(ConnectorLink.proposed_at, ConnectorLink.id)
        )
    )
    views = _views(links)
    return ConnectorHome(
        waiting=[v for v in views if v.link.status == LinkStatus.PROPOSED],
        active=[v for v in views if v.link.status == LinkStatus.ACTIVE],
    )


def link_for_connector(*, link_id: int, user_id: int, for_update: bool = False) -> LinkView:
    """The connector's own link, or NotFound: never say whether another's exists.
    ``for_update`` locks the row (PostgreSQL) against the lapsing job or staff."""
    query = _links_query().where(ConnectorLink.id == link_id, ConnectorLink.connector_id == user_id)
    if for_update:
        query = query.with_for_update(of=ConnectorLink)
    link = db.session.scalar(query)
    if link is None:
        raise NotFound("No such link")
    return _views([link])[0]


def contacts(link_id: int) -> list[ConnectorContact]:
    return list(
        db.session.scalars(
            select(ConnectorContact)
            .where(ConnectorContact.link_id == link_id)
            .order_by(ConnectorContact.contact_on.desc(), ConnectorContact.id.desc())
        )
    )


def _own_link(link_id: int, user_id: int, wanted: LinkStatus) -> ConnectorLink:
    link = link_for_connector(link_id=link_id, user_id=user_id, for_update=True).link
    if link.status != wanted:
        raise LinkStateInvalid(
            "This link is no longer waiting for an answer"
            if wanted == LinkStatus.PROPOSED
            else "This link is not active"
        )
    return link


def accept(*, link_id: int, user_id: int) -> ConnectorLink:
    link = _own_link(link_id, user_id, LinkStatus.PROPOSED)
    link.status = LinkStatus.ACTIVE
    link.responded_at = clock.now()
    connector = link.connector
    profile = find_profile(connector.id)
    for adult in link.household.adults:
        if adult.is_active:
            notify.queue_email(
                template="connector_link_started",
                to=adult.email,
                context={
                    "first_name": adult.first_name,
                    "connector_name": connector.first_name,
                    "connector_contact": profile.contact_for_households if profile else "",
                    "account_link": _link("/account"),
                },
            )
    audit.record(
        actor_id=user_id,
        action="connector.link_accepted",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} accepted",
    )
    return link


def decline(*, link_id: int, user_id: int, reason: str | None) -> ConnectorLink:
    link = _own_link(link_id, user_id, LinkStatus.PROPOSED)
    link.status = LinkStatus.DECLINED
    link.responded_at = clock.now()
    link.decline_reason = (reason or "").strip() or None
    audit.record(
        actor_id=user_id,
        action="connector.link_declined",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} declined" + (" with a reason" if link.decline_reason else ""),
    )
    return link


def log_contact(
    *, link_id: int, user_id: int, contact_on: date, method: str, note: str | None
) -> ConnectorContact:
    link = _own_link(link_id, user_id, LinkStatus.ACTIVE)
    if contact_on > clock.today():
        raise DomainError("The date of the contact must be today or in the past")
    if contact_on < clock.to_london(link.proposed_at).date():
        raise DomainError("The date of the contact must be after the link was proposed")
    try:
        method = ContactMethod(method)
    except ValueError as error:
        raise DomainError("Choose how you were in touch") from error
    contact = ConnectorContact(
        link_id=link.id,
        contact_on=contact_on,
        method=method,
        note=(note or "").strip(),
        logged_at=clock.now(),
    )
    db.session.add(contact)
    db.session.flush()
    audit.record(
        actor_id=user_id,
        action="connector.contact_logged",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Contact logged on link {link.id}: {method.label}, {contact_on.isoformat()}",
    )
    return contact


def raise_concern(*, link_id: int, user_id: int, body: str, safeguarding: bool) -> ConnectorConcern:
    """ "I need to tell staff something": a queue item at once; a safeguarding
    concern is urgent, due today, and the team's inbox is told (without the text)."""
    link = link_for_connector(link_id=link_id, user_id=user_id, for_update=True).link
    if link.status not in (LinkStatus.ACTIVE, LinkStatus.PROPOSED):
        raise LinkStateInvalid("This link has ended: call the adoption team")
    if not body.strip():
        raise DomainError("Enter what you need to tell staff")
    if safeguarding:
        due_on, reason = clock.today(), "Safeguarding: the same day"
    else:
        due_on, reason = working_days.due_in_working_days(clock.now(), CONCERN_WORKING_DAYS)
    item = triage.raise_item(
        kind="connector_concern",
        title="Safeguarding concern from a peer connector"
        if safeguarding
        else "A peer connector needs to tell staff something",
        due_on=due_on,
        due_reason=reason,
        council_id=link.household.council_id,
        household_id=link.household_id,
        actor_id=user_id,
        urgent=safeguarding,
    )
    item.assignee_id = link.household.social_worker_id
    concern = ConnectorConcern(
        link_id=link.id,
        triage_item_id=item.id,
        body=body.strip(),
        safeguarding=safeguarding,
        raised_at=clock.now(),
    )
    db.session.add(concern)
    db.session.flush()
    settings = agency.settings()
    if safeguarding and settings.contact_email:
        notify.queue_email(
            template="connector_safeguarding_concern",
            to=settings.contact_email,
            context={"reference": item.reference, "link": _link(f"/staff/queue/{item.id}")},
        )
    audit.record(
        actor_id=user_id,
        action="connector.concern_raised",
        record_type="connector_link",
        record_id=link.id,
        summary=f"{item.reference} raised from link {link.id}" + (" (safeguarding)" if safeguarding else ""),
    )
    return concern


def close(*, link_id: int, actor_id: int, reason: str, by_connector: bool) -> ConnectorLink:
    """The connector (their own link only) or staff end an active link."""
    if by_connector:
        link = _own_link(link_id, actor_id, LinkStatus.ACTIVE)
    else:
        link = get_link(link_id, for_update=True)
        if link.status != LinkStatus.ACTIVE:
            raise LinkStateInvalid("This link is not active")
    try:
        reason = CloseReason(reason)
    except ValueError as error:
        raise DomainError("Choose why the link is ending") from error
    link.status = LinkStatus.CLOSED
    link.closed_at = clock.now()
    link.close_reason = reason
    link.closed_by_id = actor_id
    audit.record(
        actor_id=actor_id,
        action="connector.link_closed",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} closed by {'the connector' if by_connector else 'staff'}: {reason.label}",
    )
    return link


# -- what staff and the household see --------------------------------------------


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


# -- the job -------------------------------------------------------------------------


def answer_due(proposed_at: datetime) -> date:
    return working_days.add_working_days(working_days.clock_start(proposed_at), ANSWER_WORKING_DAYS)


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


# -- figures ---------------------------------------------------------------------------


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
