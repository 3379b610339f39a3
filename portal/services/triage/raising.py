"""Every kind of request raises a :class:`TriageItem` with the same fields and
a reference numbered per prefix and year.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import ReferenceCounter, TriageItem, TriageStatus
from portal.services import audit, clock, triage_people
from portal.services.triage.kinds import KINDS, UnknownKind, kind_label


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
