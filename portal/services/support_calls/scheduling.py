"""Staff book the call (or move it), or staff or the family cancel it; the
household's adults are emailed, with a calendar file for a booked call that
adds it, moves it (the same UID, SEQUENCE one higher) or takes it out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.models import (
    SupportCallRequest,
    SupportCallStatus,
    TriageStatus,
)
from portal.services import (
    accounts,
    audit,
    calendar,
    clock,
    site,
    triage,
)
from portal.services.calendar_files import calendar_file
from portal.services.email import queue_to_household
from portal.services.errors import DomainError, NotFound
from portal.services.support_calls.call_requests import get_request

CALL_MINUTES = 30


def _calendar_file(
    request: SupportCallRequest, starts: datetime, to: str, method: str = calendar.REQUEST
) -> str:
    """The call as a calendar event: one UID for the life of the request, its
    SEQUENCE raised (before this is called) with every file sent."""
    entry = calendar.CalendarEntry(
        uid=f"support-call-{request.id}@{site.host()}",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=CALL_MINUTES),
        summary="Support-and-advice call",
        description="The adoption support team will phone you.",
        sequence=request.calendar_sequence or 0,
    )
    return calendar_file([entry], to=to, method=method)


def schedule(*, request_id: int, when: datetime, social_worker_id: int, actor_id: int) -> SupportCallRequest:
    """Book (or move) the call; the family is emailed the time with a calendar file."""
    request = get_request(request_id)
    if request.status in (SupportCallStatus.HELD, SupportCallStatus.CANCELLED):
        raise DomainError("This call has already been closed")
    if when <= clock.now():
        raise DomainError("The call must be in the future")
    worker = accounts.get_user(social_worker_id)
    if not worker.is_staff or not worker.is_active:
        raise DomainError("Choose a member of staff")
    rescheduled = request.status == SupportCallStatus.SCHEDULED
    request.status = SupportCallStatus.SCHEDULED
    request.scheduled_for = when
    request.social_worker_id = worker.id
    request.calendar_sequence = calendar.next_sequence(request.calendar_sequence)
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.WAITING,
        actor_id=actor_id,
        note="Call rescheduled" if rescheduled else "Call booked",
    )
    queue_to_household(
        request.household,
        template="support_call_rescheduled" if rescheduled else "support_call_scheduled",
        context={
            "when": when,
            "worker_name": worker.full_name,
            "phone": request.phone,
            "reference": request.triage_item.reference,
            "account_link": site.link("/account"),
        },
        ics_for=lambda address: _calendar_file(request, when, address),
    )
    audit.record(
        actor_id=actor_id,
        action="support_call.rescheduled" if rescheduled else "support_call.scheduled",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} booked for {when.isoformat(timespec='minutes')}",
    )
    return request


def cancel(
    *, request_id: int, actor_id: int, by_family: bool, reason: str | None = None
) -> SupportCallRequest:
    """Staff give a reason the family reads (on their account and in the
    email); a family cancelling their own call need not."""
    request = get_request(request_id)
    # Another household's call is answered as one that does not exist, before
    # anything about it (even whether it is closed) is told.
    if by_family and accounts.get_user(actor_id).household_id != request.household_id:
        raise NotFound("No such support call request")
    if request.status in (SupportCallStatus.HELD, SupportCallStatus.CANCELLED):
        raise DomainError("This call has already been closed")
    reason = (reason or "").strip() or None
    if not by_family and reason is None:
        raise DomainError("Tell the family why the call is cancelled")
    # A booked call is in the family's calendars: the cancellation takes it out.
    booked_for = request.scheduled_for if request.status == SupportCallStatus.SCHEDULED else None
    if booked_for is not None:
        request.calendar_sequence = calendar.next_sequence(request.calendar_sequence)
    request.status = SupportCallStatus.CANCELLED
    request.cancelled_at = clock.now()
    request.cancel_reason = reason
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.CANCELLED,
        actor_id=actor_id,
        note="Cancelled by the family" if by_family else "Cancelled by staff",
    )
    queue_to_household(
        request.household,
        template="support_call_cancelled",
        context={
            "reference": request.triage_item.reference,
            "by_family": by_family,
            "reason": reason,
            "takes_it_out_of_calendars": booked_for is not None,
            "support_link": site.link("/support-call"),
        },
        ics_for=(lambda address: _calendar_file(request, booked_for, address, calendar.CANCEL))
        if booked_for
        else None,
    )
    audit.record(
        actor_id=actor_id,
        action="support_call.cancelled",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} cancelled by {'family' if by_family else 'staff'}",
    )
    return request
