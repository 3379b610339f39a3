"""Reading the audit log, for managers and admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from portal.services import clock
from portal.services.paging import Page, paginate


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    record_type: str | None = None
    record_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def _query(filters: AuditFilters):
    query = select(AuditEvent)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.record_type:
        query = query.where(AuditEvent.record_type == filters.record_type)
    if filters.record_id is not None:
        query = query.where(AuditEvent.record_id == filters.record_id)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action))
    if filters.since or filters.until:
        first, last = clock.london_day_bounds(
            filters.since or date(2000, 1, 1), filters.until or clock.today()
        )
        query = query.where(AuditEvent.at >= first, AuditEvent.at < last)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def search(*, filters: AuditFilters, page: int, page_size: int = 50) -> Page[AuditEvent]:
    return paginate(_query(filters), page=page, page_size=page_size)


def export(*, filters: AuditFilters, limit: int = 50_000) -> list[AuditEvent]:
    return list(db.session.scalars(_query(filters).limit(limit)))


def record_types() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.record_type).distinct().order_by(AuditEvent.record_type))
    )
