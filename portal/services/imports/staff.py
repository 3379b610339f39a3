"""Staff from a spreadsheet: name, email and role (advisor, social worker,
manager or admin), each then invited to set up their account."""

from __future__ import annotations

from portal.models.accounts import STAFF_ROLES
from portal.services.imports.cells import Cells, Problem
from portal.services.imports.files import Row
from portal.services.imports.people import Known, PersonRow, name_and_email, sync_user

COLUMNS = ("name", "email", "role")
EXAMPLE = ("Sam Example", "sam.example@agency.example", "Social worker")
ROLE_CHOICES = {role.label.lower(): role for role in STAFF_ROLES} | {role.value: role for role in STAFF_ROLES}


def parse(row: Row, known: Known) -> tuple[PersonRow | None, list[Problem]]:
    cells = Cells(row, known.today)
    name, email = name_and_email(cells, known, STAFF_ROLES, "staff")
    role = cells.choice(
        "role", ROLE_CHOICES, required=True, names=", ".join(sorted(r.label for r in STAFF_ROLES))
    )
    if cells.problems or name is None or email is None or role is None:
        return None, cells.problems
    return PersonRow(number=row.number, name=name, email=email, role=role), []


def sync(row: PersonRow, known: Known, *, write: bool, actor_id: int, batch_id: int | None) -> str:
    created = row.email not in known.users
    _, changed = sync_user(row, known, write=write, batch_id=batch_id)
    return "created" if created else "updated" if changed else "unchanged"
