"""Administration of people: roles, deactivation and the list of people."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountToken, Role, TokenPurpose, User
from portal.services import audit
from portal.services.accounts.people import get_user
from portal.services.errors import DomainError, PermissionDenied
from portal.services.paging import Page, paginate


def change_role(*, user_id: int, role: Role, actor: User) -> User:
    user = get_user(user_id)
    role = Role(role)
    if user.id == actor.id:
        raise PermissionDenied("You cannot change your own role")
    if role.needs_household and user.household_id is None:
        raise DomainError("Applicants and families must belong to a household: invite them instead")
    old = user.role
    user.role = role
    if not role.needs_household:
        user.household_id = None
    user.session_version += 1
    audit.record(
        actor_id=actor.id,
        action="user.role_changed",
        record_type="user",
        record_id=user.id,
        summary=f"Role changed from {old.label} to {role.label}",
    )
    return user


def set_active(*, user_id: int, active: bool, actor: User) -> User:
    user = get_user(user_id)
    if user.id == actor.id:
        raise PermissionDenied("You cannot deactivate your own account")
    user.is_active = active
    user.session_version += 1
    audit.record(
        actor_id=actor.id,
        action="user.reactivated" if active else "user.deactivated",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} {'reactivated' if active else 'deactivated'}",
    )
    return user


def list_users(*, role: str | None, page: int, page_size: int = 25) -> Page[User]:
    query = select(User).order_by(User.full_name, User.id)
    if role:
        query = query.where(User.role == role)
    return paginate(query, page=page, page_size=page_size)


def pending_invitations(user_ids: list[int]) -> dict[int, AccountToken]:
    """The live invitation of each of these users, if any (one query)."""
    if not user_ids:
        return {}
    tokens = db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id.in_(user_ids),
            AccountToken.purpose == TokenPurpose.INVITATION,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
        )
    )
    return {t.user_id: t for t in tokens}
