"""A family asks for a support-and-advice call: a queue item under the council
responsible, due within the agency's promise; the requests staff and the
family see.

The family's note is special category data: it is stored for the staff who
work the request and is never audited, logged or emailed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Household,
    SupportCallRequest,
    SupportCallStatus,
)
from portal.services import (
    accounts,
    agency,
    audit,
    catchup,
    clock,
    site,
    triage,
    triage_people,
    working_days,
)
from portal.services.email import queue_email
from portal.services.errors import DomainError, NotFound, PermissionDenied

# Under the Adoption Support Services Regulations 2005, the placing council is
# responsible for 3 years after the adoption order; then the council where the
# family lives.
PLACING_COUNCIL_YEARS = 3


class CallAlreadyOpen(DomainError):
    """The household already has a call waiting or booked: one request per open call."""

    def __init__(self, request: SupportCallRequest):
        super().__init__(f"You already have a support call open ({request.triage_item.reference})")
        self.request = request


def responsible_council_id(household: Household, on: date) -> int:
    if household.placing_council_id is None:
        return household.council_id
    order_date = catchup.adoption_order_dates([household.id]).get(household.id)
    if order_date is None or on < catchup.anniversary(order_date, PLACING_COUNCIL_YEARS):
        return household.placing_council_id
    return household.council_id


def request_call(*, user_id: int, best_times: str, phone: str, note: str | None) -> SupportCallRequest:
    user = accounts.get_user(user_id)
    household = user.household
    if household is None:
        raise PermissionDenied("Support calls are for adoptive families")
    # One household at a time: a second request (another tab, another adult)
    # waits here and then finds the first one open.
    db.session.execute(select(Household.id).where(Household.id == household.id).with_for_update())
    already = open_requests_for_household(household.id)
    if already:
        raise CallAlreadyOpen(already[0])
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
            "account_link": site.link("/account"),
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


def get_request(request_id: int) -> SupportCallRequest:
    found = db.session.get(SupportCallRequest, request_id)
    if found is None:
        raise NotFound("No such support call request")
    return found


def request_for_triage_item(item_id: int) -> SupportCallRequest | None:
    return db.session.scalar(select(SupportCallRequest).where(SupportCallRequest.triage_item_id == item_id))


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
