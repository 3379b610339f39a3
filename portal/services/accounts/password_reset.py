"""Password resets from an emailed link, telling no one which addresses have accounts."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import TokenPurpose, User
from portal.services import audit, clock, site
from portal.services.accounts.people import normalise_email
from portal.services.accounts.tokens import issue_token, new_token, set_password, valid_token
from portal.services.email import public_email_allowed, queue_public_email, write_body


def request_password_reset(*, email: str, emails_per_recipient_per_hour: int, link_hours: int) -> None:
    """Email a reset link if the account exists (and has not had too many
    emails from public forms this hour); the same outcome either way.
    An address with no account does the same work (a token made, the email
    written, an audit entry) and sends nothing, so neither the page nor the
    time it takes tells an outsider which addresses have accounts."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    hours = link_hours
    if user is None or not user.is_active or user.password_hash is None:
        token, _ = new_token()
        write_body(
            "password_reset",
            email,
            {"first_name": "", "link": site.link(f"/reset-password/{token}"), "hours": hours},
        )
        audit.record(
            actor_id=None,
            action="user.password_reset_requested",
            record_type="user",
            record_id=None,
            summary="Password reset asked for an address with no account",
        )
        return
    if not public_email_allowed(to=user.email, per_recipient_per_hour=emails_per_recipient_per_hour):
        # Checked before a new link revokes the one already in their inbox.
        return
    token = issue_token(user=user, purpose=TokenPurpose.PASSWORD_RESET, hours=hours, created_by_id=None)
    queue_public_email(
        per_recipient_per_hour=emails_per_recipient_per_hour,
        template="password_reset",
        to=user.email,
        context={
            "first_name": user.first_name,
            "link": site.link(f"/reset-password/{token}"),
            "hours": hours,
        },
    )
    audit.record(
        actor_id=None,
        action="user.password_reset_requested",
        record_type="user",
        record_id=user.id,
        summary=f"Password reset requested for user {user.id}",
    )


def check_password_reset(token: str) -> User:
    return valid_token(token, TokenPurpose.PASSWORD_RESET).user


def reset_password(*, token: str, password: str) -> User:
    found = valid_token(token, TokenPurpose.PASSWORD_RESET)
    set_password(found.user, password)
    found.used_at = clock.now()
    audit.record(
        actor_id=found.user_id,
        action="user.password_reset",
        record_type="user",
        record_id=found.user_id,
        summary=f"User {found.user_id} reset their password",
    )
    return found.user
