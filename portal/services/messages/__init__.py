"""Messages between households, peer connectors and the agency (threads.py),
the agency's saved replies (saved_replies.py) and their figures (figures.py)."""

from portal.services.messages.saved_replies import all_replies, delete, get_reply, save
from portal.services.messages.threads import (
    MAX_LENGTH,
    EmptyMessage,
    ThreadForStaff,
    existing_thread,
    get_thread,
    mark_read,
    messages_in,
    read_for_item,
    read_thread,
    send_from_household,
    send_from_staff,
    thread_for_household,
    thread_for_user,
    unread_count,
)

__all__ = [
    "MAX_LENGTH",
    "EmptyMessage",
    "existing_thread",
    "ThreadForStaff",
    "all_replies",
    "delete",
    "get_reply",
    "get_thread",
    "mark_read",
    "messages_in",
    "read_for_item",
    "read_thread",
    "save",
    "send_from_household",
    "send_from_staff",
    "thread_for_household",
    "thread_for_user",
    "unread_count",
]
