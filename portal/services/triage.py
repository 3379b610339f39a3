"""The one triage queue: every kind of request raises a :class:`TriageItem`
with the same fields, and staff work them from one list."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import and_, case, func, not_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import AuditEvent, Council, ReferenceCounter, TriageItem, TriageNote, TriageStatus, User
from portal.models.accounts import STAFF_ROLES
from portal.services import audit, clock, triage_people
from portal.services.errors import Conflict, DomainError, NotFound
from portal.services.paging import Page


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
        TriageKind("message", "MSG", "Message"),
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
    contact: triage_people.ContactDetails | None = None,
) -> TriageItem:
    """A new item; ``contact`` is who asked, when it is not simply the household."""
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
    triage_people.record(item, contact)
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
    # Any of DUE_BUCKETS.
    due: tuple[str, ...] = ()
    # A reference, name, email, phone number or postcode (see triage_people).
    search: str = ""
    open_only_by_default: bool = True

    def without(self, name: str) -> QueueFilters:
        """The same filters less one dimension, for counting its choices."""
        return replace(self, **{FILTER_FIELDS[name]: ()})


FILTER_FIELDS = {
    "kind": "kinds",
    "council": "council_ids",
    "status": "statuses",
    "assignee": "assignee_ids",
    "due": "due",
}
DUE_BUCKETS = {"overdue": "Overdue", "today": "Due today", "this_week": "Due this week", "later": "Due later"}


def _due_bucket(today: date):
    """A SQL expression naming each item's due bucket; the week ends on Sunday."""
    week_end = today + timedelta(days=6 - today.weekday())
    return case(
        (TriageItem.due_on < today, "overdue"),
        (TriageItem.due_on == today, "today"),
        (TriageItem.due_on <= week_end, "this_week"),
        else_="later",
    )


OPEN_STATUSES = tuple(s.value for s in TriageStatus if s.is_open)
# Urgent items still open sort above everything else on every list.
URGENT_NOW = and_(TriageItem.urgent, TriageItem.status.in_(OPEN_STATUSES))
OPEN_AND_URGENT = case((URGENT_NOW, 0), else_=1)
URGENT_FIRST = (OPEN_AND_URGENT, TriageItem.due_on, TriageItem.id)


def _conditions(filters: QueueFilters) -> list:
    conditions = []
    if filters.kinds:
        conditions.append(TriageItem.kind.in_(filters.kinds))
    if filters.council_ids:
        conditions.append(TriageItem.council_id.in_(filters.council_ids))
    if filters.statuses:
        conditions.append(TriageItem.status.in_(filters.statuses))
    elif filters.open_only_by_default:
        conditions.append(TriageItem.status.in_(OPEN_STATUSES))
    if filters.assignee_ids:
        people = [i for i in filters.assignee_ids if i]
        either = []
        if people:
            either.append(TriageItem.assignee_id.in_(people))
        if 0 in filters.assignee_ids:
            either.append(TriageItem.assignee_id.is_(None))
        conditions.append(or_(*either))
    if filters.due:
        conditions.append(_due_bucket(clock.today()).in_(filters.due))
    return conditions + _search_condition(filters)


def _filtered(filters: QueueFilters):
    return select(TriageItem).where(*_conditions(filters))


def queue_page(*, filters: QueueFilters, page: int, page_size: int) -> Page[TriageItem]:
    """One page of the queue: open urgent items above everything, then soonest
    due first. Two ordered queries, so each can walk the due-date index and stop
    at the page instead of sorting every open item; a constant number of queries."""
    urgent = _filtered(filters).where(URGENT_NOW).order_by(TriageItem.due_on, TriageItem.id)
    others = _filtered(filters).where(not_(URGENT_NOW)).order_by(TriageItem.due_on, TriageItem.id)
    urgent_total = _count(urgent)
    total = urgent_total + _count(others)
    page = min(max(1, page), max(1, math.ceil(total / page_size)))
    start = (page - 1) * page_size
    items = list(db.session.scalars(urgent.offset(start).limit(page_size))) if start < urgent_total else []
    if len(items) < page_size:
        items += db.session.scalars(others.offset(max(0, start - urgent_total)).limit(page_size - len(items)))
    return Page(items=items, total=total, page=page, page_size=page_size)


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def filter_counts(filters: QueueFilters) -> dict[str, dict[str, int]]:
    """How many open items each filter choice would show, with the other
    filters applied. Closed items are not counted: they pile up over the years
    and nobody works from them. One grouped query (answered from a covering
    index) returns a row per combination of values, however many items there
    are; the counting per choice is done on those few rows."""
    due_bucket = _due_bucket(clock.today()).label("due")
    combinations = db.session.execute(
        select(
            TriageItem.status,
            due_bucket,
            TriageItem.kind,
            func.coalesce(TriageItem.council_id, 0).label("council"),
            func.coalesce(TriageItem.assignee_id, 0).label("assignee"),
            func.count(),
        )
        .where(TriageItem.status.in_(OPEN_STATUSES), *_search_condition(filters))
        .group_by(TriageItem.status, "due", TriageItem.kind, "council", "assignee")
    ).all()
    chosen = {
        "kind": set(filters.kinds),
        "council": set(filters.council_ids),
        "status": set(filters.statuses),
        "assignee": set(filters.assignee_ids),
        "due": set(filters.due),
    }
    counts: dict[str, dict[str, int]] = {name: {} for name in chosen}
    for status, due, kind, council, assignee, count in combinations:
        values = {"kind": kind, "council": council, "status": status, "assignee": assignee, "due": due}
        for name in counts:
            others_match = all(
                not wanted or values[other] in wanted for other, wanted in chosen.items() if other != name
            )
            if others_match:
                key = str(values[name])
                counts[name][key] = counts[name].get(key, 0) + count
    return counts


def _search_condition(filters: QueueFilters) -> list:
    return [TriageItem.id.in_(triage_people.matching_items(filters.search))] if filters.search else []


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
        "status": TriageStatus.choices(),
        "assignee": [("0", "Nobody yet")] + [(str(u.id), u.full_name) for u in staff],
        "due": list(DUE_BUCKETS.items()),
    }


def get_item(item_id: int) -> TriageItem:
    item = db.session.get(TriageItem, item_id)
    if item is None:
        raise NotFound("No such request")
    return item


def set_status(*, item_id: int, status: TriageStatus, actor_id: int | None, note: str) -> TriageItem:
    """Move an item on; ``note`` is a short, non-personal reason for the audit log."""
    item = get_item(item_id)
    old = item.status
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


def _check_versions(items: list[TriageItem], expected_versions: dict[int, int]) -> None:
    """Refuse to overwrite what someone else changed since the page was loaded."""
    stale = [item.reference for item in items if expected_versions.get(item.id) != item.version]
    if stale:
        raise Conflict(
            f"Someone else changed {', '.join(stale)} while you were looking. "
            "Nothing was saved: check the latest details and try again."
        )


def assign(
    *, item_ids: list[int], assignee_id: int | None, actor_id: int, expected_versions: dict[int, int]
) -> list[TriageItem]:
    """Assign one or more items (to nobody when ``assignee_id`` is None)."""
    items = list(db.session.scalars(select(TriageItem).where(TriageItem.id.in_(item_ids))))
    if len(items) != len(set(item_ids)):
        raise NotFound("No such request")
    _check_versions(items, expected_versions)
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.is_staff or not assignee.is_active:
            raise DomainError("Choose a member of staff")
    for item in items:
        item.assignee_id = assignee_id
        item.updated_at = clock.now()
        audit.record(
            actor_id=actor_id,
            action="triage.assigned",
            record_type="triage_item",
            record_id=item.id,
            summary=f"{item.reference} assigned to user {assignee_id}"
            if assignee_id
            else f"{item.reference} unassigned",
        )
    db.session.flush()
    return items


def change_status(
    *, item_id: int, status: TriageStatus, note: str | None, actor_id: int, expected_version: int
) -> TriageItem:
    """Staff move an item on, optionally saying why in an internal note."""
    item = get_item(item_id)
    _check_versions([item], {item.id: expected_version})
    set_status(item_id=item.id, status=status, actor_id=actor_id, note="Changed by staff")
    if note and note.strip():
        add_note(item_id=item.id, body=note, actor_id=actor_id)
    db.session.flush()
    return item


def add_note(*, item_id: int, body: str, actor_id: int) -> TriageNote:
    item = get_item(item_id)
    note = TriageNote(triage_item_id=item.id, author_id=actor_id, body=body.strip(), created_at=clock.now())
    db.session.add(note)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="triage.note_added",
        record_type="triage_item",
        record_id=item.id,
        summary=f"{item.reference}: internal note added",
    )
    return note


@dataclass(frozen=True)
class ItemHistory:
    events: list[AuditEvent]
    notes: list[TriageNote]
    linked: list[TriageItem]


def history(item: TriageItem) -> ItemHistory:
    """What happened to an item, its notes, and the household's other requests."""
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.record_type == "triage_item", AuditEvent.record_id == item.id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    notes = list(
        db.session.scalars(
            select(TriageNote).where(TriageNote.triage_item_id == item.id).order_by(TriageNote.created_at)
        )
    )
    linked = []
    if item.household_id is not None:
        linked = list(
            db.session.scalars(
                select(TriageItem)
                .where(TriageItem.household_id == item.household_id, TriageItem.id != item.id)
                .order_by(OPEN_AND_URGENT, TriageItem.created_at.desc())
                .limit(20)
            )
        )
    return ItemHistory(events=events, notes=notes, linked=linked)


def items_for_household(household_id: int, limit: int = 50) -> list[TriageItem]:
    return list(
        db.session.scalars(
            select(TriageItem)
            .where(TriageItem.household_id == household_id)
            .order_by(OPEN_AND_URGENT, TriageItem.created_at.desc())
            .limit(limit)
        )
    )
