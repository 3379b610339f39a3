"""What happens to a support call between booking and outcome: the family
asks for another time, or staff phone and cannot reach them. Either way the
call stays open and the request goes back in front of staff."""

from __future__ import annotations

from datetime import datetime

from portal.models import SupportCallRequest, SupportCallStatus, TriageStatus
from portal.services import accounts, audit, call_times, clock, support_calls, triage
from portal.services.email import queue_to_household
from portal.services.errors import DomainError, NotFound


def family_request(*, request_id: int, user_id: int) -> SupportCallRequest:
    """One of the family's own calls; another household's is answered as missing."""
    request = support_calls.get_request(request_id)
    if accounts.get_user(user_id).household_id != request.household_id:
        raise NotFound("No such support call request")
    return request


def ask_for_another_time(*, request_id: int, user_id: int, best_times: str) -> SupportCallRequest:
    """The family's new times replace the old ones, and the item goes back to
    New with their words in its history for whoever books the call."""
    request = family_request(request_id=request_id, user_id=user_id)
    if not request.is_open:
        raise DomainError("This call has already been closed")
    best_times = best_times.strip()
    if not best_times:
        raise DomainError("Tell us when would suit you better")
    request.best_times = best_times
    triage.add_note(
        item_id=request.triage_item_id,
        body=f"The family asked for another time: {best_times}",
        actor_id=user_id,
    )
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.NEW,
        actor_id=user_id,
        note="Family asked for another time",
    )
    audit.record(
        actor_id=user_id,
        action="support_call.another_time_asked",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference}: the family asked for another time",
    )
    return request


def could_not_reach(*, request_id: int, actor_id: int, account_link: str) -> SupportCallRequest:
    """Staff phoned at the booked time and nobody answered: the attempt is
    counted, the family is told (``account_link`` is where they see the call),
    and the call waits for another time."""
    request = support_calls.get_request(request_id)
    if request.status != SupportCallStatus.SCHEDULED or request.scheduled_for is None:
        raise DomainError("Book the call before saying you could not reach the family")
    if request.scheduled_for > clock.now():
        raise DomainError("Try the call at its time before saying you could not reach the family")
    tried_at = request.scheduled_for
    request.status = SupportCallStatus.REQUESTED
    request.scheduled_for = None
    request.attempts += 1
    request.last_attempt_at = clock.now()
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.IN_PROGRESS,
        actor_id=actor_id,
        note=f"Could not reach the family (attempt {request.attempts})",
    )
    queue_to_household(
        request.household,
        template="support_call_not_reached",
        context={
            "reference": request.triage_item.reference,
            "when": tried_at,
            "phone": request.phone,
            "account_link": account_link,
        },
    )
    audit.record(
        actor_id=actor_id,
        action="support_call.not_reached",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference}: family not reached (attempt {request.attempts})",
    )
    return request


def time_warnings(*, request_id: int, when: datetime) -> list[str]:
    request = support_calls.get_request(request_id)
    return call_times.warnings(when, request.best_times, support_calls.CALL_MINUTES)
