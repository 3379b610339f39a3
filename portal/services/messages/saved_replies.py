"""Saved replies: short texts the agency keeps, inserted into a reply and
edited before sending. Their text is the agency's own, not a family's."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import SavedReply
from portal.services import audit, clock
from portal.services.errors import DomainError, NotFound


class SavedReplyInvalid(DomainError):
    pass


def all_replies() -> list[SavedReply]:
    return list(db.session.scalars(select(SavedReply).order_by(SavedReply.title)))


def get_reply(reply_id: int) -> SavedReply:
    reply = db.session.get(SavedReply, reply_id)
    if reply is None:
        raise NotFound("No such saved reply")
    return reply


def _check_title(title: str, reply_id: int | None) -> str:
    title = title.strip()
    clash = db.session.scalar(select(SavedReply.id).where(SavedReply.title == title))
    if clash is not None and clash != reply_id:
        raise SavedReplyInvalid("There is already a saved reply with this title")
    return title


def save(*, title: str, body: str, actor_id: int, reply_id: int | None = None) -> SavedReply:
    """Add a saved reply, or change one."""
    title = _check_title(title, reply_id)
    now = clock.now()
    if reply_id is None:
        reply = SavedReply(title=title, body=body.strip(), created_at=now, updated_at=now)
        db.session.add(reply)
    else:
        reply = get_reply(reply_id)
        reply.title, reply.body, reply.updated_at = title, body.strip(), now
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="saved_reply.saved",
        record_type="saved_reply",
        record_id=reply.id,
        summary=f"Saved reply {reply.id} {'added' if reply_id is None else 'changed'}",
    )
    return reply


def delete(*, reply_id: int, actor_id: int) -> None:
    reply = get_reply(reply_id)
    db.session.delete(reply)
    audit.record(
        actor_id=actor_id,
        action="saved_reply.deleted",
        record_type="saved_reply",
        record_id=reply_id,
        summary=f"Saved reply {reply_id} deleted",
    )
