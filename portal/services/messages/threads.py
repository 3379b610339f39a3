"""Threads between the agency and a household or a peer connector.

A household's (or connector's) message opens a "message" queue item, or adds
to the open one, due in the agency's promised working days and assigned to the
household's named social worker. A staff reply marks it done unless they keep it
waiting. Every new message emails "You have a new message" with a link: never
the text, never a name. Message text never reaches a log, an audit summary, an
email or a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update

from portal.database import writing
from portal.extensions import db
from portal.models import Message, MessageRequest, MessageThread, Role, TriageItem, TriageStatus, User
from portal.services import agency, audit, clock, site, triage, triage_people, working_days
from portal.services.email import queue_email
from portal.services.errors import DomainError, NotFound, PermissionDenied

MAX_LENGTH = 5000
ACCOUNT_PATH = "/account/messages"
CONNECTOR_PATH = "/connector/messages"


class EmptyMessage(DomainError):
    pass


def _check(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise EmptyMessage("Enter your message")
    if len(body) > MAX_LENGTH:
        raise EmptyMessage(f"Your message must be {MAX_LENGTH} characters or fewer")
    return body


def _thread_where(**owner) -> MessageThread:
    thread = db.session.scalar(select(MessageThread).filter_by(**owner))
    if thread is None:
        thread = MessageThread(created_at=clock.now(), **owner)
        db.session.add(thread)
        db.session.flush()
    return thread


def thread_for_user(user: User) -> MessageThread:
    """The thread of the household this applicant or family belongs to, or this connector's own."""
    if user.role in (Role.APPLICANT, Role.FAMILY) and user.household_id is not None:
        return _thread_where(household_id=user.household_id)
    if user.role == Role.CONNECTOR:
        return _thread_where(connector_id=user.id)
    raise PermissionDenied("Messages are for households and peer connectors")


def thread_for_household(household_id: int) -> MessageThread:
    return _thread_where(household_id=household_id)


def get_thread(thread_id: int) -> MessageThread:
    thread = db.session.get(MessageThread, thread_id)
    if thread is None:
        raise NotFound("No such conversation")
    return thread


def messages_in(thread: MessageThread) -> list[Message]:
    return list(
        db.session.scalars(
            select(Message).where(Message.thread_id == thread.id).order_by(Message.sent_at, Message.id)
        )
    )


def _open_item(thread: MessageThread) -> TriageItem | None:
    return db.session.scalar(
        select(TriageItem)
        .join(MessageRequest, MessageRequest.triage_item_id == TriageItem.id)
        .where(MessageRequest.thread_id == thread.id, TriageItem.status.in_(triage.OPEN_STATUSES))
        .order_by(TriageItem.id.desc())
        .limit(1)
    )


def _raise_item(thread: MessageThread, author: User) -> TriageItem:
    now = clock.now()
    days = agency.settings().message_reply_working_days
    due_on, reason = working_days.due_in_working_days(now, days)
    household = thread.household
    item = triage.raise_item(
        kind="message",
        title="A message from a household" if household else "A message from a peer connector",
        due_on=due_on,
        due_reason=reason,
        council_id=household.council_id if household else None,
        household_id=household.id if household else None,
        actor_id=author.id,
        contact=None
        if household
        else triage_people.ContactDetails(name=author.full_name, email=author.email),
    )
    item.assignee_id = household.social_worker_id if household else None
    db.session.add(
        MessageRequest(
            triage_item_id=item.id,
            thread_id=thread.id,
            received_on=clock.to_london(now).date(),
            answer_due_on=due_on,
        )
    )
    return item


def send_from_household(*, user_id: int, body: str) -> Message:
    """A household adult or a connector writes to the agency."""
    body = _check(body)
    author = db.session.get_one(User, user_id)
    thread = thread_for_user(author)
    item = _open_item(thread)
    if item is None:
        item = _raise_item(thread, author)
    else:
        if item.status == TriageStatus.WAITING:
            triage.set_status(
                item_id=item.id, status=TriageStatus.NEW, actor_id=author.id, note="A new message came in"
            )
        item.updated_at = clock.now()
    message = Message(
        thread_id=thread.id,
        author_id=author.id,
        from_staff=False,
        body=body,
        sent_at=clock.now(),
        triage_item_id=item.id,
    )
    db.session.add(message)
    db.session.flush()
    audit.record(
        actor_id=author.id,
        action="message.received",
        record_type="triage_item",
        record_id=item.id,
        summary=f"{item.reference}: a message came in",
    )
    return message


def _recipients(thread: MessageThread) -> list[User]:
    if thread.connector_id is not None:
        return [thread.connector] if thread.connector is not None else []
    return list(
        db.session.scalars(
            select(User).where(User.household_id == thread.household_id, User.is_active).order_by(User.id)
        )
    )


def _record_first_reply(thread: MessageThread, now) -> None:
    """The first answer to each message item still waiting for one."""
    waiting = db.session.scalars(
        select(MessageRequest)
        .join(TriageItem, TriageItem.id == MessageRequest.triage_item_id)
        .where(MessageRequest.thread_id == thread.id, MessageRequest.first_reply_at.is_(None))
    )
    for request in waiting:
        first = db.session.scalars(
            select(func.min(Message.sent_at)).where(Message.triage_item_id == request.triage_item_id)
        ).one()
        request.first_reply_at = now
        request.working_days_to_reply = working_days.working_days_between(
            working_days.clock_start(first), clock.to_london(now).date()
        )


def send_from_staff(*, thread_id: int, staff_id: int, body: str, keep_waiting: bool = False) -> Message:
    """Staff write to a household or connector: a reply to their messages (the
    open item is done, or waiting if ``keep_waiting``), or a new conversation."""
    body = _check(body)
    thread = get_thread(thread_id)
    now = clock.now()
    message = Message(thread_id=thread.id, author_id=staff_id, from_staff=True, body=body, sent_at=now)
    db.session.add(message)
    db.session.flush()
    _record_first_reply(thread, now)
    item = _open_item(thread)
    if item is not None:
        status = TriageStatus.WAITING if keep_waiting else TriageStatus.DONE
        triage.set_status(item_id=item.id, status=status, actor_id=staff_id, note="Replied to")
    path = CONNECTOR_PATH if thread.connector_id is not None else ACCOUNT_PATH
    for person in _recipients(thread):
        queue_email(template="new_message", to=person.email, context={"link": site.link(path)})
    audit.record(
        actor_id=staff_id,
        action="message.sent",
        record_type="message_thread",
        record_id=thread.id,
        summary=f"Message sent on conversation {thread.id}" + (f" ({item.reference})" if item else ""),
    )
    return message


def unread_count(user: User) -> int:
    """Staff messages the household or connector has not read yet."""
    thread = existing_thread(user)
    if thread is None:
        return 0
    query = select(func.count()).where(Message.thread_id == thread.id, Message.from_staff)
    if thread.last_read_at is not None:
        query = query.where(Message.sent_at > thread.last_read_at)
    return db.session.scalars(query).one()


def existing_thread(user: User) -> MessageThread | None:
    """The user's thread if anyone has written yet; nothing is created (for pages people read)."""
    if user.role == Role.CONNECTOR:
        return db.session.scalar(select(MessageThread).where(MessageThread.connector_id == user.id))
    if user.household_id is None:
        return None
    return db.session.scalar(select(MessageThread).where(MessageThread.household_id == user.household_id))


def mark_read(thread: MessageThread) -> None:
    """The household or connector has seen the thread. A GET never commits the
    request's session, so this is written on its own connection, as a viewing
    is audited (services/audit.record_view)."""
    with writing(), db.engine.begin() as connection:
        connection.execute(
            update(MessageThread).where(MessageThread.id == thread.id).values(last_read_at=clock.now())
        )


@dataclass(frozen=True)
class ThreadForStaff:
    thread: MessageThread
    messages: list[Message]


def read_for_item(*, item_id: int, staff_id: int, audited: bool = True) -> ThreadForStaff | None:
    """The thread behind a message item; staff reading it is audited."""
    thread = db.session.scalar(
        select(MessageThread)
        .join(MessageRequest, MessageRequest.thread_id == MessageThread.id)
        .where(MessageRequest.triage_item_id == item_id)
    )
    if thread is None:
        return None
    return read_thread(thread=thread, staff_id=staff_id, audited=audited)


def read_thread(*, thread: MessageThread, staff_id: int, audited: bool = True) -> ThreadForStaff:
    """The thread for staff. Reading it is audited; ``audited`` is False only
    where a page is shown again after a form on it failed, as that page was
    audited when it was first read (and a write then would wait on the
    request's own transaction)."""
    if audited:
        audit.record_view(
            actor_id=staff_id,
            record_type="message_thread",
            record_id=thread.id,
            summary=f"Conversation {thread.id} read",
        )
    return ThreadForStaff(thread=thread, messages=messages_in(thread))
