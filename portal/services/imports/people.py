"""What the staff and peer connector imports share: one person a row, found
again by their email address."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Council, ImportedPerson, Role, User
from portal.services import clock
from portal.services.imports.cells import Cells, Problem, repeated
from portal.services.imports.files import Row


@dataclass(frozen=True)
class PersonRow:
    number: int
    name: str
    email: str
    role: Role
    phone: str | None = None
    capacity: int = 2
    council_ids: tuple[int, ...] = ()


@dataclass
class Known:
    users: dict[str, User]
    councils: dict[str, int]
    today: date = field(default_factory=clock.today)


def known_for(rows: list[Row]) -> Known:
    emails = {row.values.get("email", "").strip().lower() for row in rows} - {""}
    return Known(
        users={u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))},
        councils={name.lower(): id_ for id_, name in db.session.execute(select(Council.id, Council.name))},
    )


def key(row: PersonRow) -> str:
    return row.email


def existing_keys(known: Known) -> dict[str, User]:
    return known.users


def name_and_email(
    cells: Cells, known: Known, roles: frozenset[Role], kind: str
) -> tuple[str | None, str | None]:
    name = cells.text("name", required=True)
    email = cells.email("email", required=True)
    user = known.users.get(email) if email else None
    if user is not None and user.role not in roles:
        cells.problem("email", f"{email} is already used by someone in the portal who is not {kind}")
    return name, email


def within_file(rows: list[Row]) -> list[Problem]:
    return repeated(rows, ("email",))


def sync_user(row: PersonRow, known: Known, *, write: bool, batch_id: int | None) -> tuple[User | None, bool]:
    """The person's account, made or renamed; and whether anything changes.
    A role is never changed by an import: that is done on the person's page."""
    user = known.users.get(row.email)
    if user is None:
        if not write:
            return None, True
        user = User(
            email=row.email, full_name=row.name, role=row.role, phone=row.phone, created_at=clock.now()
        )
        db.session.add(user)
        known.users[row.email] = user
        changed = True
    else:
        changed = user.full_name != row.name
        if write:
            user.full_name = row.name
    if write:
        db.session.add(
            ImportedPerson(
                batch_id=batch_id, user=user, full_name=row.name, phone=row.phone, row_number=row.number
            )
        )
    return user, changed
