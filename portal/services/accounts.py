"""Accounts: invitations, signing in, password resets, roles and deactivation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AccountToken, Household, Role, TokenPurpose, User
from portal.models.accounts import MAX_ADULTS_PER_HOUSEHOLD, STAFF_ROLES
from portal.services import audit, clock, notify, passwords, sign_in_throttle
from portal.services.errors import DomainError, NotFound, PermissionDenied
from portal.services.paging import Page, paginate


class EmailAlreadyRegistered(DomainError):
    pass


class HouseholdFull(DomainError):
    pass


class InvalidToken(DomainError):
    """The link is unknown, used, revoked or expired."""


class SignInFailed(DomainError):
    pass


class SignInPaused(DomainError):
    pass


class PasswordRejected(DomainError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email_key(email: str) -> str:
    """A keyed hash of a typed email: counts failures without storing the address."""
    return sign_in_throttle.keyed_hash(normalise_email(email))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


def load_session_user(user_id: int, session_version: int) -> User | None:
    """The user a session cookie names, if that session is still valid."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != session_version:
        return None
    return user


# -- households ---------------------------------------------------------------


def create_household(*, name: str, council_id: int, actor_id: int | None) -> Household:
    household = Household(name=name.strip(), council_id=council_id, created_at=clock.now())
    db.session.add(household)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="household.created",
        record_type="household",
        record_id=household.id,
        summary=f"Household {household.id} created",
    )
    return household


def get_household(household_id: int) -> Household:
    household = db.session.get(Household, household_id)
    if household is None:
        raise NotFound(f"There is no household number {household_id}")
    return household


# -- invitations --------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    """A secret for an emailed link, and the hash that is all we store of it."""
    token = secrets.token_urlsafe(32)
    return token, _token_hash(token)


def _issue_token(*, user: User, purpose: TokenPurpose, hours: int, created_by_id: int | None) -> str:
    now = clock.now()
    for previous in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
        )
    ):
        previous.revoked_at = now
    token, token_hash = _new_token()
    db.session.add(
        AccountToken(
            purpose=purpose,
            token_hash=token_hash,
            user=user,
            created_by_id=created_by_id,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def _link(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def invite(
    *,
    email: str,
    full_name: str,
    role: Role,
    invited_by: User,
    household_id: int | None = None,
    new_household_name: str | None = None,
    new_household_council_id: int | None = None,
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
        adults = db.session.scalar(select(func.count()).where(User.household_id == household.id))
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
    _send_invitation(user, invited_by_id=invited_by.id)
    audit.record(
        actor_id=invited_by.id,
        action="user.invited",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} invited as {role.label}",
    )
    return user


def create_admin(*, email: str, full_name: str) -> str:
    """The first admin of a new site, made from the command line. Returns the
    path of their single-use set-up link."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailAlreadyRegistered("An account with this email address already exists")
    user = User(email=email, full_name=full_name.strip(), role=Role.ADMIN, created_at=clock.now())
    db.session.add(user)
    db.session.flush()
    token = _issue_token(
        user=user,
        purpose=TokenPurpose.INVITATION,
        hours=current_app.config["INVITATION_HOURS"],
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


def _send_invitation(user: User, *, invited_by_id: int) -> None:
    hours = current_app.config["INVITATION_HOURS"]
    token = _issue_token(user=user, purpose=TokenPurpose.INVITATION, hours=hours, created_by_id=invited_by_id)
    notify.queue_email(
        template="invitation",
        to=user.email,
        context={"first_name": user.first_name, "link": _link(f"/invitations/{token}"), "hours": hours},
    )


def resend_invitation(*, user_id: int, actor: User) -> None:
    user = get_user(user_id)
    if user.password_hash is not None:
        raise DomainError("This person has already set up their account")
    if user.role in STAFF_ROLES and actor.role != Role.ADMIN:
        raise PermissionDenied("Only an admin can invite staff")
    _send_invitation(user, invited_by_id=actor.id)
    audit.record(
        actor_id=actor.id,
        action="user.invitation_resent",
        record_type="user",
        record_id=user.id,
        summary=f"Invitation resent to user {user.id}",
    )


def _valid_token(token: str, purpose: TokenPurpose) -> AccountToken:
    found = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _token_hash(token)))
    if (
        found is None
        or found.purpose != purpose
        or found.used_at is not None
        or found.revoked_at is not None
        or found.expires_at <= clock.now()
        or not found.user.is_active
    ):
        raise InvalidToken("This link has expired or has already been used")
    return found


def check_invitation(token: str) -> User:
    return _valid_token(token, TokenPurpose.INVITATION).user


def _set_password(user: User, password: str) -> None:
    problem = passwords.password_problem(password, email=user.email)
    if problem:
        raise PasswordRejected(problem)
    user.password_hash = passwords.hash_password(password)
    user.session_version += 1


def accept_invitation(*, token: str, password: str) -> User:
    found = _valid_token(token, TokenPurpose.INVITATION)
    _set_password(found.user, password)
    found.used_at = clock.now()
    audit.record(
        actor_id=found.user_id,
        action="user.invitation_accepted",
        record_type="user",
        record_id=found.user_id,
        summary=f"User {found.user_id} set up their account",
    )
    return found.user


# -- password reset -----------------------------------------------------------


def request_password_reset(*, email: str, emails_per_recipient_per_hour: int) -> None:
    """Email a reset link if the account exists (and has not had too many
    emails from public forms this hour); the same outcome either way.
    An address with no account does the same work (a token made, the email
    written, an audit entry) and sends nothing, so neither the page nor the
    time it takes tells an outsider which addresses have accounts."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    if user is None or not user.is_active or user.password_hash is None:
        token, _ = _new_token()
        notify.render_body(
            "password_reset", {"first_name": "", "link": _link(f"/reset-password/{token}"), "hours": hours}
        )
        audit.record(
            actor_id=None,
            action="user.password_reset_requested",
            record_type="user",
            record_id=None,
            summary="Password reset asked for an address with no account",
        )
        return
    if not notify.public_email_allowed(to=user.email, per_recipient_per_hour=emails_per_recipient_per_hour):
        # Checked before a new link revokes the one already in their inbox.
        return
    token = _issue_token(user=user, purpose=TokenPurpose.PASSWORD_RESET, hours=hours, created_by_id=None)
    notify.queue_public_email(
        per_recipient_per_hour=emails_per_recipient_per_hour,
        template="password_reset",
        to=user.email,
        context={"first_name": user.first_name, "link": _link(f"/reset-password/{token}"), "hours": hours},
    )
    audit.record(
        actor_id=None,
        action="user.password_reset_requested",
        record_type="user",
        record_id=user.id,
        summary=f"Password reset requested for user {user.id}",
    )


def check_password_reset(token: str) -> User:
    return _valid_token(token, TokenPurpose.PASSWORD_RESET).user


def reset_password(*, token: str, password: str) -> User:
    found = _valid_token(token, TokenPurpose.PASSWORD_RESET)
    _set_password(found.user, password)
    found.used_at = clock.now()
    audit.record(
        actor_id=found.user_id,
        action="user.password_reset",
        record_type="user",
        record_id=found.user_id,
        summary=f"User {found.user_id} reset their password",
    )
    return found.user


# -- signing in ---------------------------------------------------------------


def authenticate(*, email: str, password: str, attempt: sign_in_throttle.Attempt) -> User:
    """The user whose email and password these are: not signed in yet (see
    ``begin_session``). The same error for an unknown email as for a wrong
    password. An address that fails too often for an account is paused; the
    account as a whole is only slowed down, so an outsider cannot keep its
    owner out."""
    key = _email_key(email)
    source_key = sign_in_throttle.source_key(attempt.source)
    rules = attempt.rules
    now = clock.now()
    refusal = sign_in_throttle.refusal(account_key=key, source=source_key, rules=rules, now=now)
    if refusal is not None:
        raise SignInPaused(
            refusal.explained(
                too_many="You have tried to sign in too many times",
                many_wrong="There have been many wrong attempts to sign in to this account",
            )
        )
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    hash_to_check = user.password_hash if user is not None else None
    if not passwords.verify_password(hash_to_check, password) or not user.is_active:
        failures = sign_in_throttle.record_failure(account_key=key, source=source_key, rules=rules, now=now)
        if user is not None:
            audit.record(
                actor_id=None,
                action="user.sign_in_failed",
                record_type="user",
                record_id=user.id,
                summary=f"Failed sign-in for user {user.id}",
            )
            if failures.from_source == rules.failures_allowed:
                audit.record(
                    actor_id=None,
                    action="user.sign_in_paused",
                    record_type="user",
                    record_id=user.id,
                    summary=f"Sign-in paused for user {user.id} from one address after repeated failures",
                )
            sign_in_throttle.alert_owner_of_burst(
                user=user, failures=failures, wrong="password", attempt=attempt, now=now
            )
        raise SignInFailed("Enter a correct email address and password")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def finish_sign_in(*, user_id: int) -> User:
    """Record a complete sign-in: the password, and the second factor if needed."""
    user = get_user(user_id)
    user.last_signed_in_at = clock.now()
    audit.record(
        actor_id=user.id,
        action="user.signed_in",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} signed in",
    )
    return user


def sign_out(*, user_id: int) -> None:
    """End every session of this user on the server, not just this cookie."""
    user = get_user(user_id)
    user.session_version += 1
    audit.record(
        actor_id=user.id,
        action="user.signed_out",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} signed out",
    )


# -- administration -----------------------------------------------------------


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
