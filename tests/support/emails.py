"""Reading what the outbox holds, as a person reading their inbox would."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage


def emails_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
        )
    )


def link_in(message: OutboxMessage, base_url: str = "http://portal.test") -> str:
    """The path of the first portal link in an email (sent by the site at ``base_url``)."""
    match = re.search(re.escape(base_url) + r"(/\S+)", message.body)
    assert match, "no portal link in the email"
    return match.group(1)
