"""Someone who said yes to a team manager contacting them may say how: a queue
item for a manager, not linked to any survey answers.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ManagerFollowUpRequest,
    TriageItem,
)
from portal.services import clock, triage, triage_people, working_days
from portal.services.paging import Page, paginate
from portal.services.surveys.errors import InvalidAnswers

MANAGER_FOLLOW_UP_WORKING_DAYS = 5


def request_manager_follow_up(*, name: str, phone: str | None, email: str | None, best_time: str | None):
    """Someone who said yes to a team manager contacting them chose to say
    how: a queue item for a manager, not linked to any survey answers."""
    name = name.strip()
    phone, email, best_time = (v.strip() if v else None for v in (phone, email, best_time))
    if not name:
        raise InvalidAnswers("Enter your name")
    if not phone and not email:
        raise InvalidAnswers("Enter a phone number or an email address")
    due_on, reason = working_days.due_in_working_days(clock.now(), MANAGER_FOLLOW_UP_WORKING_DAYS)
    item = triage.raise_item(
        kind="manager_follow_up",
        title="A family asked a team manager to contact them after a survey",
        due_on=due_on,
        due_reason=reason,
        contact=triage_people.ContactDetails(name=name, email=email, phone=phone, best_times=best_time),
    )
    db.session.add(
        ManagerFollowUpRequest(
            triage_item_id=item.id,
            name=name,
            phone=phone,
            email=email,
            best_time=best_time,
            created_at=clock.now(),
        )
    )
    return item


def manager_follow_ups(*, page: int, page_size: int = 25) -> Page[ManagerFollowUpRequest]:
    """Contact details for open manager follow-ups, oldest first."""
    query = (
        select(ManagerFollowUpRequest)
        .join(TriageItem, ManagerFollowUpRequest.triage_item_id == TriageItem.id)
        .where(TriageItem.status.in_(triage.OPEN_STATUSES))
        .order_by(*triage.URGENT_FIRST)
    )
    return paginate(query, page=page, page_size=page_size)
