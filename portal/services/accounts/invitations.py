"""Staff invite people: an account without a password and an emailed link to
set one; the first admin, made from the command line.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from portal.database import writing
from portal.extensions import db
from portal.models import AccountToken, OutboxMessage, Role, TokenPurpose, User
from portal.models.accounts import MAX_ADULTS_PER_HOUSEHOLD, STAFF_ROLES
from portal.services import audit, clock, site
from portal.services.accounts.errors import EmailAlreadyRegistered, HouseholdFull
from portal.services.accounts.people import create_household, get_household, get_user, normalise_email
from portal.services.accounts.tokens import issue_token, set_password, valid_token
from portal.services.email import queue_email
from portal.services.errors import DomainError, PermissionDenied


def invite(
    *,
    email: str,
    full_name: str,
    role: Role,
    invited_by: User,
    household_id: int | None = None,
    new_household_name: str | None = None,
    new_household_council_id: int | None = None,
    link_hours: int,
) -> User:
    """Create an account without a password and email a single-use link to set one.

    Applicants and families join an existing household (at most two adults) or
    a new one made here.
    """
    role = Role(role)
    if not invited_by.is_staff:
        raise PermissionDenied("Only staff can invite people")
    if role in STAFF_ROLES and invited_by.role != Role.ADMIN:
        raise PermissionDenied("Only an admin can invite staff")
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailAlreadyRegistered("An account with this email address already exists")
    if not role.needs_household:
        household_id = None
    elif household_id:
        household = get_household(household_id)
        adults = db.session.execute(
            select(func.count()).where(User.household_id == household.id)
        ).scalar_one()
        if adults >= MAX_ADULTS_PER_HOUSEHOLD:
            raise HouseholdFull("This household already has two adults with accounts")
    elif new_household_name and new_household_council_id:
        household_id = create_household(
            name=new_household_name, council_id=new_household_council_id, actor_id=invited_by.id
        ).id
    else:
        raise DomainError("Give the household number, or a name and council for a new household")
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=role,
        household_id=household_id,
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    send_invitation(user, invited_by_id=invited_by.id, hours=link_hours)
    audit.record(
        actor_id=invited_by.id,
        action="user.invited",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} invited as {role.label}",
    )
    return user


def create_admin(*, email: str, full_name: str, link_hours: int) -> str:
    """The first admin of a new site, made from the command line. Returns the
    path of their single-use set-up link."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailAlreadyRegistered("An account with this email address already exists")
    user = User(email=email, full_name=full_name.strip(), role=Role.ADMIN, created_at=clock.now())
    db.session.add(user)
    db.session.flush()
    token = issue_token(
        user=user,
        purpose=TokenPurpose.INVITATION,
        hours=link_hours,
        created_by_id=None,
    )
    audit.record(
        actor_id=None,
        action="user.invited",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} created as Admin from the command line",
    )
    return f"/invitations/{token}"


def invitable_roles(actor: User) -> list[Role]:
    if actor.role == Role.ADMIN:
        return list(Role)
    return [Role.APPLICANT, Role.FAMILY, Role.CONNECTOR]


def send_invitation(user: User, *, invited_by_id: int, hours: int) -> OutboxMessage:
    """Email a new single-use link to set up the account, working for ``hours``;
    an earlier one stops working."""
    token = issue_token(user=user, purpose=TokenPurpose.INVITATION, hours=hours, created_by_id=invited_by_id)
    return queue_email(
        template="invitation",
        to=user.email,
        context={"first_name": user.first_name, "link": site.link(f"/invitations/{token}"), "hours": hours},
    )


def resend_invitation(*, user_id: int, actor: User, link_hours: int) -> None:
    user = get_user(user_id)
    if user.password_hash is not None:
        raise DomainError("This person has already set up their account")
    if user.role in STAFF_ROLES and actor.role != Role.ADMIN:
        raise PermissionDenied("Only an admin can invite staff")
    send_invitation(user, invited_by_id=actor.id, hours=link_hours)
    audit.record(
        actor_id=actor.id,
        action="user.invitation_resent",
        record_type="user",
        record_id=user.id,
        summary=f"Invitation resent to user {user.id}",
    )


def check_invitation(token: str) -> User:
    return valid_token(token, TokenPurpose.INVITATION).user


def open_invitation(token: str) -> User:
    """Someone opened their invitation link: noted the first time, on its own
    connection, as the page that shows it (a GET) never commits."""
    found = valid_token(token, TokenPurpose.INVITATION)
    if found.opened_at is None:
        with writing(), db.engine.begin() as connection:
            connection.execute(
                update(AccountToken)
                .where(AccountToken.id == found.id, AccountToken.opened_at.is_(None))
                .values(opened_at=clock.now())
            )
    return found.user


def accept_invitation(*, token: str, password: str) -> User:
    found = valid_token(token, TokenPurpose.INVITATION)
    set_password(found.user, password)
    found.used_at = clock.now()
    audit.record(
        actor_id=found.user_id,
        action="user.invitation_accepted",
        record_type="user",
        record_id=found.user_id,
        summary=f"User {found.user_id} set up their account",
    )
    return found.user
