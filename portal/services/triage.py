"""The one triage queue: every kind of request raises a :class:`TriageItem`
with the same fields, and staff work them from one list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import Council, ReferenceCounter, TriageItem, TriageStatus, User
from portal.models.accounts import STAFF_ROLES
from portal.services import audit, clock
from portal.services.errors import DomainError, NotFound
from portal.services.paging import Page, paginate


@dataclass(frozen=True)
class TriageKind:
    key: str
    prefix: str
    label: str


KINDS: dict[str, TriageKind] = {
    kind.key: kind
    for kind in (
        TriageKind("information_pack", "PACK", "Information pack follow-up"),
        TriageKind("event_waitlist", "WAIT", "Event waitlist"),
        TriageKind("support_call", "SUP", "Support-and-advice call"),
        TriageKind("catch_up_call", "CUP", "Catch-up call due"),
        TriageKind("connector_link", "LINK", "Peer connector link"),
        TriageKind("connector_concern", "CON", "Peer connector: something to tell staff"),
        TriageKind("stale_applicant", "UPD", "No recent update"),
        TriageKind("manager_follow_up", "MGR", "Manager follow-up"),
        TriageKind("support_assessment", "ASM", "Adoption support assessment of need"),
        TriageKind("asf_application", "ASF", "Adoption Support Fund application"),
    )
}


class UnknownKind(DomainError):
    pass


def kind_label(key: str) -> str:
    return KINDS[key].label if key in KINDS else key


def next_number(prefix: str, year: int) -> int:
    """Hand out the next number for ``prefix`` in ``year``, safely under concurrency."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(ReferenceCounter)
        .values(prefix=prefix, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"])
    )
    return db.session.execute(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    ).scalar_one()


def raise_item(
    *,
    kind: str,
    title: str,
    due_on: date,
    due_reason: str,
    council_id: int | None = None,
    household_id: int | None = None,
    actor_id: int | None = None,
    urgent: bool = False,
) -> TriageItem:
    if kind not in KINDS:
        raise UnknownKind(f"Unknown request kind: {kind}")
    now = clock.now()
    year = clock.today().year
    number = next_number(KINDS[kind].prefix, year)
    item = TriageItem(
        reference=f"{KINDS[kind].prefix}-{year}-{number:05d}",
        kind=kind,
        title=title,
        due_on=due_on,
        due_reason=due_reason,
        council_id=council_id,
        household_id=household_id,
        status=TriageStatus.NEW,
        urgent=urgent,
        created_at=now,
        updated_at=now,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="triage.raised",
        record_type="triage_item",
        record_id=item.id,
        summary=f"{item.reference} raised: {kind_label(kind)}{' (urgent)' if urgent else ''}",
    )
    return item


@dataclass(frozen=True)
class QueueFilters:
    kinds: tuple[str, ...] = ()
    council_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    # An assignee's user id; 0 means "nobody yet".
    assignee_ids: tuple[int, ...] = ()
    open_only_by_default: bool = True


OPEN_STATUSES = tuple(s.value for s in TriageStatus if s.is_open)


def _filtered(filters: QueueFilters):
    query = select(TriageItem)
    if filters.kinds:
        query = query.where(TriageItem.kind.in_(filters.kinds))
    if filters.council_ids:
        query = query.where(TriageItem.council_id.in_(filters.council_ids))
    if filters.statuses:
        query = query.where(TriageItem.status.in_(filters.statuses))
    elif filters.open_only_by_default:
        query = query.where(TriageItem.status.in_(OPEN_STATUSES))
    if filters.assignee_ids:
        people = [i for i in filters.assignee_ids if i]
        conditions = []
        if people:
            conditions.append(TriageItem.assignee_id.in_(people))
        if 0 in filters.assignee_ids:
            conditions.append(TriageItem.assignee_id.is_(None))
        query = query.where(or_(*conditions))
    return query


def queue_page(*, filters: QueueFilters, page: int, page_size: int) -> Page[TriageItem]:
    """One page of the queue, soonest due first and urgent first on the same
    day; a constant number of queries."""
    query = _filtered(filters).order_by(TriageItem.due_on, TriageItem.urgent.desc(), TriageItem.id)
    return paginate(query, page=page, page_size=page_size)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values people can filter the queue by, for the filter form."""
    councils = db.session.scalars(select(Council).order_by(Council.display_order, Council.name))
    staff = db.session.scalars(
        select(User)
        .where(User.role.in_([r.value for r in STAFF_ROLES]), User.is_active)
        .order_by(User.full_name)
    )
    return {
        "kind": [(k.key, k.label) for k in KINDS.values()],
        "council": [(str(c.id), c.name) for c in councils],
        "status": [(s.value, s.label) for s in TriageStatus],
        "assignee": [("0", "Nobody yet")] + [(str(u.id), u.full_name) for u in staff],
    }


def get_item(item_id: int) -> TriageItem:
    item = db.session.get(TriageItem, item_id)
    if item is None:
        raise NotFound("No such request")
    return item


def set_status(*, item_id: int, status: TriageStatus, actor_id: int | None, note: str) -> TriageItem:
    """Move an item on; ``note`` is a short, non-personal reason for the audit log."""
    item = get_item(item_id)
    old = TriageStatus(item.status)
    item.status = TriageStatus(status)
    item.updated_at = clock.now()
    audit.record(
        actor_id=actor_id,
        action="triage.status_changed",
        record_type="triage_item",
        record_id=item.id,
        summary=f"{item.reference}: {old.label} to {item.status.label}. {note}"[:300],
    )
    return item
