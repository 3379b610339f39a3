"""Working an item: its status, who it is assigned to, internal notes; an
edit made on a stale page is refused.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import TriageItem, TriageNote, TriageStatus, User
from portal.services import audit, clock
from portal.services.errors import Conflict, DomainError, NotFound


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
