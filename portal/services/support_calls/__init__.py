"""Support-and-advice calls: asked for by a family, scheduled by staff within
the agency's promise (the working days it sets in its settings), and closed
with an outcome.

The family's note is special category data: it is stored for the staff who
work the request and is never audited, logged or emailed.

    call_requests  asking for a call; the requests staff and the family see
    scheduling     booking, moving and cancelling the call
    outcomes       the call held: outcome, follow-on item, survey
"""

from portal.services.support_calls.call_requests import (
    CallAlreadyOpen,
    get_request,
    open_requests_for_household,
    recent_requests_for_household,
    request_call,
    request_for_triage_item,
    responsible_council_id,
)
from portal.services.support_calls.outcomes import record_outcome
from portal.services.support_calls.scheduling import CALL_MINUTES, cancel, schedule

__all__ = [
    "CALL_MINUTES",
    "CallAlreadyOpen",
    "cancel",
    "get_request",
    "open_requests_for_household",
    "recent_requests_for_household",
    "record_outcome",
    "request_call",
    "request_for_triage_item",
    "responsible_council_id",
    "schedule",
]
