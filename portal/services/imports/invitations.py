"""Inviting everyone an import brought in: one invitation each, spread
through the outbox at a rate the email provider accepts; where each one
stands (waiting to be sent, sent, accepted, expired, failed); and those with
no email address, for staff to phone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountToken, ImportedPerson, OutboxMessage, OutboxStatus, TokenPurpose, User
from portal.services import accounts, audit, clock
from portal.services.errors import DomainError

STATES = (
    "Not invited yet",
    "Waiting to be sent",
    "Sent",
    "Link opened",
    "Accepted",
    "Expired",
    "Could not be sent",
)


@dataclass
class InvitationStatus:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    without_email: list[ImportedPerson] = field(default_factory=list)

    @property
    def not_accepted(self) -> int:
        return sum(count for state, count in self.counts.items() if state != "Accepted")


def _not_set_up(batch_id: int) -> list[User]:
    people = (
        select(User)
        .join(ImportedPerson, ImportedPerson.user_id == User.id)
        .where(ImportedPerson.batch_id == batch_id, User.password_hash.is_(None), User.is_active)
        .distinct()
        .order_by(User.id)
    )
    return list(db.session.scalars(people))


def invite_not_accepted(*, batch_id: int, actor_id: int, per_minute: int, link_hours: int) -> int:
    """Invite (or invite again, with a new link) everyone of the import who
    has an account not yet set up. The emails are spread ``per_minute`` a
    minute: the sender sends each when its minute comes."""
    people = _not_set_up(batch_id)
    if not people:
        raise DomainError("Everyone from this import with an email address has already set up their account")
    now = clock.now()
    for number, user in enumerate(people):
        message = accounts.send_invitation(user, invited_by_id=actor_id, hours=link_hours)
        message.next_attempt_at = now + timedelta(minutes=number // per_minute)
    audit.record(
        actor_id=actor_id,
        action="import.invitations_queued",
        record_type="import_batch",
        record_id=batch_id,
        summary=f"Invitations queued for {len(people)} people, {per_minute} a minute",
    )
    return len(people)


def _state(user: User, token: AccountToken | None, message: OutboxMessage | None, now) -> str:
    if user.password_hash is not None:
        return "Accepted"
    if token is None:
        return "Not invited yet"
    if token.expires_at <= now:
        return "Expired"
    if token.opened_at is not None:
        return "Link opened"
    if message is not None and message.status == OutboxStatus.FAILED:
        return "Could not be sent"
    if message is not None and message.status == OutboxStatus.SENT:
        return "Sent"
    return "Waiting to be sent"


def status(batch_id: int) -> InvitationStatus:
    people = list(
        db.session.scalars(
            select(ImportedPerson)
            .where(ImportedPerson.batch_id == batch_id)
            .order_by(ImportedPerson.row_number)
        )
    )
    result = InvitationStatus(without_email=[person for person in people if person.user_id is None])
    users = {
        user.id: user
        for user in db.session.scalars(select(User).where(User.id.in_({p.user_id for p in people})))
    }
    tokens: dict[int, AccountToken] = {}
    for token in db.session.scalars(
        select(AccountToken)
        .where(AccountToken.user_id.in_(users), AccountToken.purpose == TokenPurpose.INVITATION)
        .order_by(AccountToken.created_at, AccountToken.id)
    ):
        tokens[token.user_id] = token
    messages: dict[str, OutboxMessage] = {}
    for message in db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.template == "invitation",
            OutboxMessage.to_address.in_({u.email for u in users.values()}),
        )
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ):
        messages[message.to_address] = message
    now = clock.now()
    for user in users.values():
        result.counts[_state(user, tokens.get(user.id), messages.get(user.email), now)] += 1
    return result
