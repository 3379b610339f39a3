"""Peer connectors from a spreadsheet: name, email, the phone number they
share with families, how many households they can support and the councils
they cover (separated by semicolons)."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import ConnectorProfile, Council, Role
from portal.services import clock
from portal.services.connectors import MAX_CAPACITY
from portal.services.imports.cells import Cells, Problem
from portal.services.imports.files import Row
from portal.services.imports.people import Known, PersonRow, name_and_email, sync_user

COLUMNS = ("name", "email", "phone", "capacity", "councils")
EXAMPLE = ("Chris Example", "chris@example.com", "07700 900123", "2", "Kent; Medway")


def _capacity(cells: Cells) -> int:
    value = cells.text("capacity", max_length=3)
    if value is None:
        return 2
    if not value.isdigit() or int(value) > MAX_CAPACITY:
        cells.problem("capacity", f"'{value}' is not a number of households from 0 to {MAX_CAPACITY}")
        return 2
    return int(value)


def _councils(cells: Cells, known: Known) -> tuple[int, ...]:
    ids = []
    for name in (part.strip() for part in (cells.text("councils", max_length=1000) or "").split(";")):
        if not name:
            continue
        council_id = known.councils.get(name.lower())
        if council_id is None:
            cells.problem("councils", f"there is no council called '{name}': add it under Councils first")
        else:
            ids.append(council_id)
    return tuple(sorted(set(ids)))


def parse(row: Row, known: Known) -> tuple[PersonRow | None, list[Problem]]:
    cells = Cells(row, known.today)
    name, email = name_and_email(cells, known, frozenset({Role.CONNECTOR}), "a peer connector")
    phone = cells.text("phone", max_length=40)
    capacity = _capacity(cells)
    council_ids = _councils(cells, known)
    if cells.problems or name is None or email is None:
        return None, cells.problems
    person = PersonRow(row.number, name, email, Role.CONNECTOR, phone, capacity, council_ids)
    return person, []


def sync(row: PersonRow, known: Known, *, write: bool, actor_id: int, batch_id: int | None) -> str:
    created = row.email not in known.users
    user, changed = sync_user(row, known, write=write, batch_id=batch_id)
    profile = None
    if user is not None and user.id is not None:
        profile = db.session.scalar(select(ConnectorProfile).where(ConnectorProfile.user_id == user.id))
    wanted = (row.capacity, row.phone or "", row.council_ids)
    if profile is not None:
        held = (
            profile.capacity,
            profile.contact_for_households,
            tuple(sorted(c.id for c in profile.councils)),
        )
        changed = changed or held != wanted
    else:
        changed = True
    if write and (profile is None or changed):
        if profile is None:
            profile = ConnectorProfile(user=user, updated_at=clock.now())
            db.session.add(profile)
        profile.capacity, profile.contact_for_households = row.capacity, row.phone or ""
        profile.councils = list(db.session.scalars(select(Council).where(Council.id.in_(row.council_ids))))
        profile.updated_at = clock.now()
    return "created" if created else "updated" if changed else "unchanged"
