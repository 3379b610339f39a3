"""Server-side paging: one count query and one page query, whatever the rows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select

from portal.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def paginate(query: Select, *, page: int, page_size: int) -> Page:
    """``query`` must already be ordered. Out-of-range pages show the nearest page."""
    total = db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    last = max(1, math.ceil(total / page_size))
    page = min(max(1, page), last)
    items = list(db.session.scalars(query.limit(page_size).offset((page - 1) * page_size)))
    return Page(items=items, total=total, page=page, page_size=page_size)
