"""Finding households, for staff."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Household, Role, User
from portal.services.paging import Page, paginate

NAMEABLE_ROLES = (Role.SOCIAL_WORKER, Role.MANAGER)
# The largest household number an integer column holds; a bigger one is searched for as a name.
MAX_ID = 2**31 - 1


def search(*, query: str, page: int, page_size: int = 25) -> Page[Household]:
    """Households by number or by part of their name, newest first."""
    statement = select(Household).order_by(Household.id.desc())
    if query.isdecimal() and int(query) <= MAX_ID:
        statement = statement.where(Household.id == int(query))
    elif query:
        statement = statement.where(Household.name.ilike(f"%{query}%"))
    return paginate(statement, page=page, page_size=page_size)


def staff_who_can_be_named() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([r.value for r in NAMEABLE_ROLES]), User.is_active)
            .order_by(User.full_name)
        )
    )
