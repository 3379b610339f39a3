"""The daily catch-up job (``flask raise-catch-up-calls``): queue each call
30 days before it is due and remind the family 14 days before.

Each household is handled in a savepoint of its own: one whose records make
its step fail is logged by id and skipped, and every other family is still
served."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import select

from portal.database import job_lock
from portal.extensions import db
from portal.models import CatchUpCall, CatchUpPreference, Household
from portal.services import catchup, clock, site, triage
from portal.services.email import queue_to_household

QUEUE_DAYS_BEFORE = 30
REMINDER_DAYS_BEFORE = 14

logger = logging.getLogger(__name__)


def raise_due_calls() -> tuple[int, int]:
    """Returns (raised, reminded). Idempotent, and safe to run on several hosts at once."""
    job_lock(db.session, "catch-up-calls")
    today = clock.today()
    preferences = list(
        db.session.scalars(
            select(CatchUpPreference)
            .where(CatchUpPreference.frequency_years.is_not(None))
            .order_by(CatchUpPreference.household_id)
        )
    )
    orders = catchup.adoption_order_dates([p.household_id for p in preferences])
    households = {
        h.id: h for h in db.session.scalars(select(Household).where(Household.id.in_(list(orders))))
    }
    raised = _each_household(
        [p for p in preferences if p.household_id in orders],
        lambda p: p.household_id,
        lambda p: _raise_if_due(households[p.household_id], p.frequency_years, orders[p.household_id], today),
        "raised",
    )
    return raised, _send_reminders(today)


def _each_household(items: Iterable, household_id: Callable, step: Callable[..., bool], doing: str) -> int:
    """Run ``step`` on each item in its own savepoint; how many returned True."""
    done = 0
    for item in items:
        try:
            with db.session.begin_nested():
                done += bool(step(item))
        except Exception as error:  # noqa: BLE001 - one household must never stop the others
            # The id only: the error's text could carry the row's personal details.
            logger.error(
                "Catch-up call for household id %s could not be %s (%s); skipped",
                household_id(item),
                doing,
                type(error).__name__,
            )
    return done


def _raise_if_due(household: Household, frequency: int, order_date: date, today: date) -> bool:
    if catchup.open_call(household.id) is not None:
        return False
    due = catchup.coming_due(household.id, order_date, frequency)
    if due - timedelta(days=QUEUE_DAYS_BEFORE) > today:
        return False
    item = triage.raise_item(
        kind="catch_up_call",
        title="Catch-up call",
        due_on=due,
        due_reason=f"Adoption order anniversary ({catchup.describe(frequency)} "
        f"from {order_date.strftime('%-d %b %Y')})",
        council_id=household.council_id,
        household_id=household.id,
    )
    # A family who opted out while this call waited, and back in before its
    # date, gets that call back rather than a second one on the same date.
    cancelled = db.session.scalar(
        select(CatchUpCall).where(
            CatchUpCall.household_id == household.id,
            CatchUpCall.due_on == due,
            CatchUpCall.cancelled_at.is_not(None),
        )
    )
    if cancelled is None:
        db.session.add(CatchUpCall(household_id=household.id, due_on=due, triage_item_id=item.id))
    else:
        cancelled.cancelled_at = None
        cancelled.triage_item_id = item.id
    db.session.flush()
    return True


def _send_reminders(today: date) -> int:
    waiting = db.session.scalars(
        select(CatchUpCall)
        .where(
            CatchUpCall.completed_on.is_(None),
            CatchUpCall.cancelled_at.is_(None),
            CatchUpCall.reminder_sent_at.is_(None),
            CatchUpCall.due_on <= today + timedelta(days=REMINDER_DAYS_BEFORE),
            CatchUpCall.due_on >= today,
        )
        .order_by(CatchUpCall.household_id)
    ).all()
    return _each_household(waiting, lambda call: call.household_id, _remind, "reminded")


def _remind(call: CatchUpCall) -> bool:
    queue_to_household(
        call.household,
        template="catch_up_reminder",
        context={"due_on": call.due_on, "manage_link": site.link("/catch-up-calls")},
    )
    call.reminder_sent_at = clock.now()
    db.session.flush()
    return True
