"""The queue staff work from: filters, one page of items, and how many each
filter choice would show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, bindparam, case, func, not_, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Council, TriageItem, TriageStatus, User
from portal.models.accounts import STAFF_ROLES
from portal.services import clock, triage_people
from portal.services.paging import Page
from portal.services.triage.kinds import KINDS


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
        emptied: dict[str, Any] = {FILTER_FIELDS[name]: ()}
        return replace(self, **emptied)


FILTER_FIELDS = {
    "kind": "kinds",
    "council": "council_ids",
    "status": "statuses",
    "assignee": "assignee_ids",
    "due": "due",
}
DUE_BUCKETS = {"overdue": "Overdue", "today": "Due today", "this_week": "Due this week", "later": "Due later"}


def _due_ranges(today: date) -> dict[str, ColumnElement[bool]]:
    """Each due bucket as a range of due dates (so an index serves it); the week
    ends on Sunday."""
    week_end = today + timedelta(days=6 - today.weekday())
    return {
        "overdue": TriageItem.due_on < today,
        "today": TriageItem.due_on == today,
        "this_week": and_(TriageItem.due_on > today, TriageItem.due_on <= week_end),
        "later": TriageItem.due_on > week_end,
    }


OPEN_STATUSES = tuple(s.value for s in TriageStatus if s.is_open)
# Written into the SQL, not bound: the partial index of open items by due date
# (ix_triage_items_open_due) serves only a query naming the very same statuses.
IS_OPEN = TriageItem.status.in_(
    bindparam("open_statuses", list(OPEN_STATUSES), expanding=True, literal_execute=True, type_=String())
)
# Urgent items still open sort above everything else on every list.
URGENT_NOW = and_(TriageItem.urgent, IS_OPEN)
OPEN_AND_URGENT = case((URGENT_NOW, 0), else_=1)
URGENT_FIRST = (OPEN_AND_URGENT, TriageItem.due_on, TriageItem.id)


def _conditions(filters: QueueFilters) -> list:
    conditions: list[ColumnElement[bool]] = []
    if filters.kinds:
        conditions.append(TriageItem.kind.in_(filters.kinds))
    if filters.council_ids:
        conditions.append(TriageItem.council_id.in_(filters.council_ids))
    if filters.statuses:
        conditions.append(TriageItem.status.in_(filters.statuses))
    elif filters.open_only_by_default:
        conditions.append(IS_OPEN)
    if filters.assignee_ids:
        people = [i for i in filters.assignee_ids if i]
        either: list[ColumnElement[bool]] = []
        if people:
            either.append(TriageItem.assignee_id.in_(people))
        if 0 in filters.assignee_ids:
            either.append(TriageItem.assignee_id.is_(None))
        conditions.append(or_(*either))
    if filters.due:
        ranges = _due_ranges(clock.today())
        conditions.append(or_(*(ranges[bucket] for bucket in filters.due)))
    return conditions + _search_condition(filters)


def _filtered(filters: QueueFilters):
    return select(TriageItem).where(*_conditions(filters))


def queue_page(*, filters: QueueFilters, page: int, page_size: int) -> Page[TriageItem]:
    """One page of the queue: open urgent items above everything, then soonest
    due first. Two ordered queries, so each can walk the due-date index and stop
    at the page instead of sorting every open item; a constant number of queries."""
    with_names = selectinload(TriageItem.contact)
    urgent = (
        _filtered(filters).where(URGENT_NOW).order_by(TriageItem.due_on, TriageItem.id).options(with_names)
    )
    others = (
        _filtered(filters)
        .where(not_(URGENT_NOW))
        .order_by(TriageItem.due_on, TriageItem.id)
        .options(with_names)
    )
    # Both counted in one pass over the filtered items.
    total, urgent_total = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((URGENT_NOW, 1), else_=0)), 0)).where(
            *_conditions(filters)
        )
    ).one()
    page = min(max(1, page), max(1, math.ceil(total / page_size)))
    start = (page - 1) * page_size
    items = list(db.session.scalars(urgent.offset(start).limit(page_size))) if start < urgent_total else []
    if len(items) < page_size:
        items += db.session.scalars(others.offset(max(0, start - urgent_total)).limit(page_size - len(items)))
    return Page(items=items, total=total, page=page, page_size=page_size)


def _search_condition(filters: QueueFilters) -> list:
    return [TriageItem.id.in_(triage_people.matching_items(filters.search))] if filters.search else []


def filter_counts(filters: QueueFilters) -> dict[str, dict[str, int]]:
    """How many open items each filter choice would show, with the other
    filters applied. Closed items are not counted: they pile up over the years
    and nobody works from them. One grouped query, walked in the order of a
    covering index (ix_triage_items_filter_counts) so nothing is sorted, returns
    a row per combination of values with a count per due bucket, however many
    items there are; the counting per choice is done on those few rows."""
    buckets = _due_ranges(clock.today())
    grouped = db.session.execute(
        select(
            TriageItem.status,
            TriageItem.kind,
            TriageItem.council_id,
            TriageItem.assignee_id,
            *(func.sum(case((in_bucket, 1), else_=0)) for in_bucket in buckets.values()),
        )
        .where(TriageItem.status.in_(OPEN_STATUSES), *_search_condition(filters))
        .group_by(TriageItem.status, TriageItem.kind, TriageItem.council_id, TriageItem.assignee_id)
    ).all()
    combinations = [
        (status, due, kind, council or 0, assignee or 0, count)
        for status, kind, council, assignee, *by_bucket in grouped
        for due, count in zip(buckets, by_bucket, strict=True)
        if count
    ]
    chosen: dict[str, set[Any]] = {
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
