"""Support-and-advice calls: asked for by a family, scheduled by staff within
the agency's promise (the working days it sets in its settings), and closed
with an outcome.

The family's note is special category data: it is stored for the staff who
work the request and is never audited, logged or emailed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import (
    Council,
    Household,
    SupportCallRequest,
    SupportCallStatus,
    SupportOutcome,
    TriageStatus,
    User,
)
from portal.services import (
    accounts,
    agency,
    audit,
    calendar,
    catchup,
    clock,
    surveys,
    triage,
    triage_people,
    working_days,
)
from portal.services.email import queue_email
from portal.services.errors import DomainError, NotFound, PermissionDenied

CALL_MINUTES = 30
# Under the Adoption Support Services Regulations 2005, the placing council is
# responsible for 3 years after the adoption order; then the council where the
# family lives.
PLACING_COUNCIL_YEARS = 3
FOLLOW_ON_KINDS = {
    SupportOutcome.ASSESSMENT: "support_assessment",
    SupportOutcome.ASF_APPLICATION: "asf_application",
}
FOLLOW_ON_WORKING_DAYS = 10


def responsible_council_id(household: Household, on: date) -> int:
    if household.placing_council_id is None:
        return household.council_id
    order_date = catchup.adoption_order_dates([household.id]).get(household.id)
    if order_date is None or on < catchup.anniversary(order_date, PLACING_COUNCIL_YEARS):
        return household.placing_council_id
    return household.council_id


def request_call(*, user_id: int, best_times: str, phone: str, note: str | None) -> SupportCallRequest:
    user = accounts.get_user(user_id)
    if user.household_id is None:
        raise PermissionDenied("Support calls are for adoptive families")
    household = user.household
    now = clock.now()
    council_id = responsible_council_id(household, clock.today())
    working = agency.support_call_working_days()
    due_on, reason = working_days.due_in_working_days(now, working)
    item = triage.raise_item(
        kind="support_call",
        title="Support-and-advice call",
        due_on=due_on,
        due_reason=reason,
        council_id=council_id,
        household_id=household.id,
        actor_id=user.id,
        contact=triage_people.ContactDetails(
            name=user.full_name, email=user.email, phone=phone.strip(), best_times=best_times.strip()
        ),
    )
    request = SupportCallRequest(
        household_id=household.id,
        requested_by_id=user.id,
        requested_at=now,
        requested_on=clock.to_london(now).date(),
        best_times=best_times.strip(),
        phone=phone.strip(),
        note=(note or "").strip() or None,
        council_id=council_id,
        triage_item_id=item.id,
        status=SupportCallStatus.REQUESTED,
    )
    user.phone = request.phone
    db.session.add(request)
    db.session.flush()
    queue_email(
        template="support_call_requested",
        to=user.email,
        context={
            "first_name": user.first_name,
            "reference": item.reference,
            "due_on": due_on,
            "working_days": working,
            "account_link": _link("/account"),
        },
    )
    audit.record(
        actor_id=user.id,
        action="support_call.requested",
        record_type="support_call",
        record_id=request.id,
        summary=f"Support call {item.reference} requested",
    )
    return request


def _link(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def get_request(request_id: int) -> SupportCallRequest:
    found = db.session.get(SupportCallRequest, request_id)
    if found is None:
        raise NotFound("No such support call request")
    return found


def request_for_triage_item(item_id: int) -> SupportCallRequest | None:
    return db.session.scalar(select(SupportCallRequest).where(SupportCallRequest.triage_item_id == item_id))


def _calendar_file(request: SupportCallRequest) -> str:
    starts = request.scheduled_for
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
                "account_link": _link("/account"),
            },
            ics=_calendar_file(request),
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
                "support_link": _link("/support-call"),
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


def record_outcome(*, request_id: int, outcome: SupportOutcome, actor_id: int) -> SupportCallRequest:
    """The call was held: record what came of it. An assessment of need or an
    Adoption Support Fund application raises its own queue item."""
    request = get_request(request_id)
    outcome = SupportOutcome(outcome)
    if request.status != SupportCallStatus.SCHEDULED:
        raise DomainError("Book the call before recording its outcome")
    held_on = clock.to_london(request.scheduled_for).date()
    if held_on > clock.today():
        raise DomainError("Record the outcome after the call")
    requested_on = clock.to_london(request.requested_at).date()
    request.status = SupportCallStatus.HELD
    request.outcome = outcome
    request.outcome_recorded_at = clock.now()
    request.held_on = held_on
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
    surveys.schedule_post_order_invitation(household_id=request.household_id)
    audit.record(
        actor_id=actor_id,
        action="support_call.outcome_recorded",
        record_type="support_call",
        record_id=request.id,
        summary=f"Call {request.triage_item.reference} held: {outcome.label}",
    )
    return request


def open_requests_for_household(household_id: int) -> list[SupportCallRequest]:
    return list(
        db.session.scalars(
            select(SupportCallRequest)
            .where(
                SupportCallRequest.household_id == household_id,
                SupportCallRequest.status.in_([SupportCallStatus.REQUESTED, SupportCallStatus.SCHEDULED]),
            )
            .order_by(SupportCallRequest.requested_at.desc())
        )
    )


def recent_requests_for_household(household_id: int, limit: int = 5) -> list[SupportCallRequest]:
    return list(
        db.session.scalars(
            select(SupportCallRequest)
            .where(SupportCallRequest.household_id == household_id)
            .order_by(SupportCallRequest.requested_at.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class CallFigures:
    """The agency's table: calls offered per council per month of a financial
    year, with the time to the call for those held."""

    months: list[date]
    by_council: dict[str, list[int]]
    calls_held: int
    average_days: float | None
    average_working_days: float | None
    share_within_promise: float | None
    outcomes: dict[str, int]

    @property
    def month_totals(self) -> list[int]:
        return [sum(row[i] for row in self.by_council.values()) for i in range(12)]

    @property
    def total(self) -> int:
        return sum(self.month_totals)


def figures(year) -> CallFigures:
    """``year`` is a FinancialYear. Requests count in the month they were made
    (London time), under the council responsible on that day; cancelled
    requests are not offered calls and are left out. Days to the call are
    averaged over the year's requests whose call was held."""
    requested = SupportCallRequest.requested_on
    month_of = func.strftime("%Y-%m", requested) if _sqlite() else func.to_char(requested, "YYYY-MM")
    rows = db.session.execute(
        select(Council.name, month_of, func.count())
        .join(Council, Council.id == SupportCallRequest.council_id)
        .where(
            requested.between(year.start, year.end),
            SupportCallRequest.status != SupportCallStatus.CANCELLED,
        )
        .group_by(Council.name, month_of)
    ).all()
    months = [date(year.start_year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]
    keys = [m.strftime("%Y-%m") for m in months]
    councils = [c.name for c in agency.councils() if c.in_region]
    by_council = {name: [0] * 12 for name in councils}
    for council, month, count in rows:
        by_council.setdefault(council, [0] * 12)[keys.index(month)] += count
    promise = agency.support_call_working_days()
    # The time to the call is measured over the same requests as the table.
    held_in_year = (
        SupportCallRequest.status == SupportCallStatus.HELD,
        requested.between(year.start, year.end),
    )
    held, average_days, average_working, within = db.session.execute(
        select(
            func.count(),
            func.avg(SupportCallRequest.days_to_call),
            func.avg(SupportCallRequest.working_days_to_call),
            func.sum(case((SupportCallRequest.working_days_to_call <= promise, 1), else_=0)),
        ).where(*held_in_year)
    ).one()
    outcomes = dict(
        db.session.execute(
            select(SupportCallRequest.outcome, func.count())
            .where(*held_in_year)
            .group_by(SupportCallRequest.outcome)
        ).all()
    )
    return CallFigures(
        months=months,
        by_council=by_council,
        calls_held=held,
        average_days=round(float(average_days), 1) if average_days is not None else None,
        average_working_days=round(float(average_working), 1) if average_working is not None else None,
        share_within_promise=round(100 * within / held) if held else None,
        outcomes={o.label: outcomes.get(o.value, 0) for o in SupportOutcome},
    )


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"
