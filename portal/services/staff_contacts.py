"""How households reach the staff who work with them: a work phone and a
work email on each member of staff, shown on the household's account page and
at the foot of its emails."""

from __future__ import annotations

from portal.models import User
from portal.services import accounts, audit
from portal.services.errors import DomainError


def set_work_contact(*, user_id: int, phone: str | None, email: str | None, actor_id: int) -> User:
    person = accounts.get_user(user_id)
    if not person.is_staff:
        raise DomainError("Only staff have work contact details")
    person.work_phone = (phone or "").strip() or None
    person.work_email = (email or "").strip().lower() or None
    audit.record(
        actor_id=actor_id,
        action="user.work_contact_changed",
        record_type="user",
        record_id=person.id,
        summary=f"Work contact details of user {person.id} changed",
    )
    return person
