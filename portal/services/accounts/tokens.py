"""Single-use emailed links (invitations, password resets): only a hash of
each is stored; and the password such a link sets.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountToken, TokenPurpose, User
from portal.services import clock, passwords
from portal.services.accounts.errors import InvalidToken, PasswordRejected


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A secret for an emailed link, and the hash that is all we store of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def issue_token(*, user: User, purpose: TokenPurpose, hours: int, created_by_id: int | None) -> str:
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
    token, token_hash = new_token()
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


def valid_token(token: str, purpose: TokenPurpose) -> AccountToken:
    found = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == token_hash(token)))
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


def set_password(user: User, password: str) -> None:
    problem = passwords.password_problem(password, email=user.email)
    if problem:
        raise PasswordRejected(problem)
    user.password_hash = passwords.hash_password(password)
    user.session_version += 1
