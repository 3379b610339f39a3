"""Signing in and out: the password check under the sign-in throttle."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from portal.services import audit, clock, passwords, sign_in_throttle
from portal.services.accounts.errors import SignInFailed, SignInPaused
from portal.services.accounts.people import get_user, normalise_email


def _email_key(email: str) -> str:
    """A keyed hash of a typed email: counts failures without storing the address."""
    return sign_in_throttle.keyed_hash(normalise_email(email))


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
    # The password is checked even for an unknown address, so both take as long.
    if not passwords.verify_password(hash_to_check, password) or user is None or not user.is_active:
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
    if hash_to_check is not None and passwords.needs_rehash(hash_to_check):
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
