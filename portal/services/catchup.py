"""Catch-up calls: families opt in after the adoption order and choose how
often; the call is due on the order's anniversary by that frequency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    CatchUpCall,
    CatchUpOutcome,
    CatchUpPreference,
    Stage,
    StageChange,
    TriageStatus,
)
from portal.services import accounts, audit, clock, triage
from portal.services.errors import DomainError, NotFound

FREQUENCIES = (1, 2, 3)


class NoAdoptionOrder(DomainError):
    pass


def anniversary(order_date: date, years: int) -> date:
    """The order's anniversary ``years`` on; 29 February falls on 28 February
    in common years."""
    try:
        return order_date.replace(year=order_date.year + years)
    except ValueError:
        return date(order_date.year + years, 2, 28)


def next_due(order_date: date, frequency: int, on_or_after: date) -> date:
    """The first anniversary, every ``frequency`` years, on or after a date."""
    years = frequency
    while anniversary(order_date, years) < on_or_after:
        years += frequency
    return anniversary(order_date, years)


def adoption_order_dates(household_ids: list[int]) -> dict[int, date]:
    """The (latest recorded) adoption order date of each household that has one."""
    if not household_ids:
        return {}
    rows = db.session.execute(
        select(StageChange.household_id, func.max(StageChange.started_on))
        .where(StageChange.stage == Stage.ADOPTION_ORDER, StageChange.household_id.in_(household_ids))
        .group_by(StageChange.household_id)
    ).all()
    return dict(rows)


def open_call(household_id: int) -> CatchUpCall | None:
    return db.session.scalar(
        select(CatchUpCall).where(
            CatchUpCall.household_id == household_id,
            CatchUpCall.completed_on.is_(None),
            CatchUpCall.cancelled_at.is_(None),
        )
    )


def _last_completed_due(household_id: int) -> date | None:
    return db.session.scalar(
        select(func.max(CatchUpCall.due_on)).where(
            CatchUpCall.household_id == household_id, CatchUpCall.completed_on.is_not(None)
        )
    )


def coming_due(household_id: int, order_date: date, frequency: int) -> date:
    """When the next call is due: the waiting call's date, or the first
    anniversary on or after today that is later than the last call's."""
    waiting = open_call(household_id)
    if waiting is not None:
        return waiting.due_on
    after = clock.today()
    last = _last_completed_due(household_id)
    if last is not None:
        after = max(after, last + timedelta(days=1))
    return next_due(order_date, frequency, after)


@dataclass(frozen=True)
class CatchUpSetting:
    adoption_order_on: date | None
    frequency_years: int | None
    next_due_on: date | None


def setting_for(household_id: int) -> CatchUpSetting:
    order_date = adoption_order_dates([household_id]).get(household_id)
    preference = db.session.scalar(
        select(CatchUpPreference).where(CatchUpPreference.household_id == household_id)
    )
    frequency = preference.frequency_years if preference else None
    due = coming_due(household_id, order_date, frequency) if order_date and frequency else None
    return CatchUpSetting(adoption_order_on=order_date, frequency_years=frequency, next_due_on=due)


def set_frequency(*, household_id: int, frequency_years: int | None, actor_id: int) -> CatchUpSetting:
    """Opt in, change how often, or opt out (``None``). Audited each time."""
    household = accounts.get_household(household_id)
    if frequency_years is not None and frequency_years not in FREQUENCIES:
        raise DomainError("Choose every year, every 2 years or every 3 years")
    if not adoption_order_dates([household.id]):
        raise NoAdoptionOrder("Catch-up calls start after the adoption order is granted")
    preference = db.session.scalar(
        select(CatchUpPreference).where(CatchUpPreference.household_id == household.id)
    )
    if preference is None:
        preference = CatchUpPreference(household_id=household.id, updated_at=clock.now())
        db.session.add(preference)
    previous = preference.frequency_years
    preference.frequency_years = frequency_years
    preference.updated_at = clock.now()
    if frequency_years is None:
        waiting = open_call(household.id)
        if waiting is not None:
            waiting.cancelled_at = clock.now()
            triage.set_status(
                item_id=waiting.triage_item_id,
                status=TriageStatus.CANCELLED,
                actor_id=actor_id,
                note="The family opted out of catch-up calls",
            )
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="catch_up.frequency_changed",
        record_type="household",
        record_id=household.id,
        summary=f"Catch-up calls: {describe(previous)} to {describe(frequency_years)}",
    )
    return setting_for(household.id)


def describe(frequency: int | None) -> str:
    if frequency is None:
        return "none"
    return "every year" if frequency == 1 else f"every {frequency} years"


def get_call(call_id: int) -> CatchUpCall:
    call = db.session.get(CatchUpCall, call_id)
    if call is None:
        raise NotFound("No such catch-up call")
    return call


def log_call(*, call_id: int, outcome: CatchUpOutcome, actor_id: int) -> CatchUpCall:
    """Staff log a call. Held or declined closes it (the next follows from the
    frequency); no answer keeps it open to try again."""
    call = get_call(call_id)
    outcome = CatchUpOutcome(outcome)
    if call.completed_on is not None or call.cancelled_at is not None:
        raise DomainError("This catch-up call has already been closed")
    call.attempts += 1
    call.outcome = outcome
    call.logged_by_id = actor_id
    if outcome == CatchUpOutcome.NO_ANSWER:
        triage.set_status(
            item_id=call.triage_item_id,
            status=TriageStatus.IN_PROGRESS,
            actor_id=actor_id,
            note="No answer: will try again",
        )
    else:
        call.completed_on = clock.today()
        triage.set_status(
            item_id=call.triage_item_id, status=TriageStatus.DONE, actor_id=actor_id, note=outcome.label
        )
    audit.record(
        actor_id=actor_id,
        action="catch_up.call_logged",
        record_type="catch_up_call",
        record_id=call.id,
        summary=f"Catch-up call logged: {outcome.label}",
    )
    return call


def call_for_triage_item(item_id: int) -> CatchUpCall | None:
    return db.session.scalar(select(CatchUpCall).where(CatchUpCall.triage_item_id == item_id))
