"""Staff book the call (or move it), or staff or the family cancel it; the
household's adults are emailed, with a calendar file for a booked call.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.models import (
    SupportCallRequest,
    SupportCallStatus,
    TriageStatus,
    User,
)
from portal.services import (
    accounts,
    audit,
    calendar,
    clock,
    site,
    triage,
)
from portal.services.email import queue_email
from portal.services.errors import DomainError, NotFound
from portal.services.support_calls.call_requests import get_request

CALL_MINUTES = 30


def _calendar_file(request: SupportCallRequest, starts: datetime) -> str:
    return calendar.build_ics(
        [
            calendar.CalendarEntry(
                uid=f"support-call-{request.id}@adoption-portal",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=CALL_MINUTES),
                summary="Support-and-advice call",
                description="The adoption support team will phone you.",
            )
        ],
        stamp=clock.now(),
    )


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
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.WAITING,
        actor_id=actor_id,
        note="Call rescheduled" if rescheduled else "Call booked",
    )
    for adult in _adults(request):
        queue_email(
            template="support_call_rescheduled" if rescheduled else "support_call_scheduled",
            to=adult.email,
            context={
                "first_name": adult.first_name,
                "when": when,
                "worker_name": worker.full_name,
                "phone": request.phone,
                "reference": request.triage_item.reference,
                "account_link": site.link("/account"),
            },
            ics=_calendar_file(request, when),
        )
    audit.record(
        actor_id=actor_id,
        action="support_call.rescheduled" if rescheduled else "support_call.scheduled",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} booked for {when.isoformat(timespec='minutes')}",
    )
    return request


def _adults(request: SupportCallRequest) -> list[User]:
    return [adult for adult in request.household.adults if adult.is_active]


def cancel(*, request_id: int, actor_id: int, by_family: bool) -> SupportCallRequest:
    request = get_request(request_id)
    # Another household's call is answered as one that does not exist, before
    # anything about it (even whether it is closed) is told.
    if by_family and accounts.get_user(actor_id).household_id != request.household_id:
        raise NotFound("No such support call request")
    if request.status in (SupportCallStatus.HELD, SupportCallStatus.CANCELLED):
        raise DomainError("This call has already been closed")
    request.status = SupportCallStatus.CANCELLED
    request.cancelled_at = clock.now()
    triage.set_status(
        item_id=request.triage_item_id,
        status=TriageStatus.CANCELLED,
        actor_id=actor_id,
        note="Cancelled by the family" if by_family else "Cancelled by staff",
    )
    for adult in _adults(request):
        queue_email(
            template="support_call_cancelled",
            to=adult.email,
            context={
                "first_name": adult.first_name,
                "reference": request.triage_item.reference,
                "by_family": by_family,
                "support_link": site.link("/support-call"),
            },
        )
    audit.record(
        actor_id=actor_id,
        action="support_call.cancelled",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} cancelled by {'family' if by_family else 'staff'}",
    )
    return request
