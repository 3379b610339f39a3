"""The call was held: its outcome, the time it took, any follow-on queue item
and the post-order survey.
"""

from __future__ import annotations

from portal.models import (
    SupportCallRequest,
    SupportCallStatus,
    SupportOutcome,
    TriageStatus,
)
from portal.services import (
    audit,
    clock,
    surveys,
    triage,
    working_days,
)
from portal.services.errors import DomainError
from portal.services.support_calls.call_requests import get_request

FOLLOW_ON_KINDS = {
    SupportOutcome.ASSESSMENT: "support_assessment",
    SupportOutcome.ASF_APPLICATION: "asf_application",
}
FOLLOW_ON_WORKING_DAYS = 10


def record_outcome(
    *, request_id: int, outcome: SupportOutcome, agreed: str, actor_id: int, survey_delay_days: int
) -> SupportCallRequest:
    """The call was held: record what came of it and what was agreed, which
    the family reads on their account. An assessment of need or an Adoption
    Support Fund application raises its own queue item; the post-order survey
    is sent ``survey_delay_days`` later."""
    request = get_request(request_id)
    outcome = SupportOutcome(outcome)
    if not agreed.strip():
        raise DomainError("Say what you agreed with the family")
    if request.status != SupportCallStatus.SCHEDULED or request.scheduled_for is None:
        raise DomainError("Book the call before recording its outcome")
    held_on = clock.to_london(request.scheduled_for).date()
    if held_on > clock.today():
        raise DomainError("Record the outcome after the call")
    requested_on = clock.to_london(request.requested_at).date()
    request.status = SupportCallStatus.HELD
    request.outcome = outcome
    request.outcome_recorded_at = clock.now()
    request.held_on = held_on
    request.agreed = agreed.strip()
    request.days_to_call = (held_on - requested_on).days
    request.working_days_to_call = working_days.working_days_between(
        working_days.clock_start(request.requested_at), held_on
    )
    triage.set_status(
        item_id=request.triage_item_id, status=TriageStatus.DONE, actor_id=actor_id, note=outcome.label
    )
    follow_on = FOLLOW_ON_KINDS.get(outcome)
    if follow_on:
        due_on, reason = working_days.due_in_working_days(clock.now(), FOLLOW_ON_WORKING_DAYS)
        triage.raise_item(
            kind=follow_on,
            title=f"{outcome.label} (from {request.triage_item.reference})",
            due_on=due_on,
            due_reason=reason,
            council_id=request.council_id,
            household_id=request.household_id,
            actor_id=actor_id,
        )
    surveys.schedule_post_order_invitation(household_id=request.household_id, delay_days=survey_delay_days)
    audit.record(
        actor_id=actor_id,
        action="support_call.outcome_recorded",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} held: {outcome.label}",
    )
    return request
