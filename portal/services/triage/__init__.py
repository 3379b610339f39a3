"""The one triage queue: every kind of request raises a TriageItem with the
same fields, and staff work them from one list.

    kinds    the kinds of request, their prefixes and labels
    raising  raising an item, with its reference
    queue    filters, pages and counts of the queue
    working  status, assignment, notes (stale edits refused)
    history  what happened to an item; a household's items
    resolving  items that close themselves once their cause has gone
"""

from portal.services.triage.history import ItemHistory, history, items_for_household
from portal.services.triage.kinds import KINDS, TriageKind, UnknownKind, kind_label
from portal.services.triage.queue import (
    DUE_BUCKETS,
    OPEN_STATUSES,
    URGENT_FIRST,
    URGENT_NOW,
    QueueFilters,
    filter_choices,
    filter_counts,
    queue_page,
)
from portal.services.triage.raising import next_number, raise_item
from portal.services.triage.resolving import close_resolved, open_items
from portal.services.triage.working import add_note, assign, change_status, get_item, set_status

__all__ = [
    "DUE_BUCKETS",
    "KINDS",
    "OPEN_STATUSES",
    "URGENT_FIRST",
    "URGENT_NOW",
    "ItemHistory",
    "QueueFilters",
    "TriageKind",
    "UnknownKind",
    "add_note",
    "assign",
    "change_status",
    "close_resolved",
    "filter_choices",
    "filter_counts",
    "get_item",
    "history",
    "items_for_household",
    "kind_label",
    "next_number",
    "open_items",
    "queue_page",
    "raise_item",
    "set_status",
]
