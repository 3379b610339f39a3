"""The agency's councils, managed by an admin: add, rename, put in order, mark
"outside the region", retire and bring back. A retired council is no longer
offered as a choice but stays on every household, request and report that
names it, so nothing is lost. Every change is audited."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Council
from portal.services import agency, audit, clock
from portal.services.errors import Conflict, DomainError, NotFound

NAME_LENGTH = 100


def all_councils() -> list[Council]:
    """Every council in the order people see them, retired ones included."""
    return list(db.session.scalars(select(Council).order_by(Council.display_order, Council.name, Council.id)))


def get(council_id: int) -> Council:
    council = db.session.get(Council, council_id)
    if council is None:
        raise NotFound("There is no such council")
    return council


def _clean_name(name: str, *, ignoring: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Enter the council's name")
    if len(name) > NAME_LENGTH:
        raise DomainError(f"The council's name must be {NAME_LENGTH} characters or fewer")
    same = select(Council.id).where(func.lower(Council.name) == name.lower(), Council.id != (ignoring or 0))
    if db.session.scalar(same) is not None:
        raise Conflict(f"There is already a council called {name}")
    return name


def _flush_unique() -> None:
    """Two admins adding the same name at once: the second is told, not shown a 500."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise Conflict("There is already a council with that name") from error


def _audit(council: Council, action: str, summary: str, actor_id: int | None) -> None:
    audit.record(
        actor_id=actor_id,
        action=f"council.{action}",
        record_type="council",
        record_id=council.id,
        summary=summary,
    )


def add(*, name: str, in_region: bool, actor_id: int | None) -> Council:
    """A new council, last in the list."""
    name = _clean_name(name)
    last = db.session.scalar(select(func.max(Council.display_order)))
    council = Council(name=name, in_region=in_region, display_order=(last or 0) + 1)
    db.session.add(council)
    _flush_unique()
    where = "in the region" if in_region else "outside the region"
    _audit(council, "added", f"Council added: {name} ({where})", actor_id)
    return council


def change(*, council_id: int, name: str, in_region: bool, actor_id: int) -> Council:
    """Rename a council or move it in or out of the region."""
    council = get(council_id)
    name = _clean_name(name, ignoring=council.id)
    changes = []
    if name != council.name:
        changes.append(f"renamed from {council.name} to {name}")
        council.name = name
    if in_region != council.in_region:
        changes.append("now in the region" if in_region else "now outside the region")
        if not in_region:
            _keep_one_open_in_region(council)
        council.in_region = in_region
    if changes:
        _flush_unique()
        _audit(council, "changed", "Council " + "; ".join(changes), actor_id)
    return council


def move(*, council_id: int, places: int, actor_id: int) -> Council:
    """Move a council up (places -1) or down (+1) the list people choose from."""
    ordered = all_councils()
    council = get(council_id)
    position = ordered.index(council)
    target = min(max(position + places, 0), len(ordered) - 1)
    if target != position:
        ordered.insert(target, ordered.pop(position))
        for order, each in enumerate(ordered, start=1):
            each.display_order = order
        _audit(council, "moved", f"Council {council.name} moved to place {target + 1}", actor_id)
    return council


def _keep_one_open_in_region(council: Council) -> None:
    """Once the service is open, the public forms need a council in the region to offer."""
    if agency.settings().opened_at is None:
        return
    others = select(func.count()).where(
        Council.id != council.id, Council.retired_at.is_(None), Council.in_region.is_(True)
    )
    if council.in_region and council.retired_at is None and not db.session.scalar(others):
        raise DomainError(
            f"{council.name} is the only council in the region still offered: "
            "add another before retiring it or moving it outside the region"
        )


def retire(*, council_id: int, actor_id: int) -> Council:
    """No longer offered as a choice; kept on every record that names it."""
    council = get(council_id)
    if council.retired_at is None:
        _keep_one_open_in_region(council)
        council.retired_at = clock.now()
        _audit(council, "retired", f"Council retired: {council.name}", actor_id)
    return council


def bring_back(*, council_id: int, actor_id: int) -> Council:
    council = get(council_id)
    if council.retired_at is not None:
        council.retired_at = None
        _audit(council, "brought_back", f"Council offered again: {council.name}", actor_id)
    return council
