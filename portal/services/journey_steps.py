"""The adopter journey as the household lives it: an email at every stage
change, the break between Stage 1 and Stage 2 with the day it ends, the
"we are ready to start Stage 2" request, the whole journey with its dates,
"what happens next" that knows what the household has already done, and the
Stage 1 courses still booked once the household has moved on.

Subjects of the emails say nothing about the stage: where a household is in
adopting a child is for the body, behind the inbox list.
"""

from __future__ import annotations

import calendar as month_lengths
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager

from portal.extensions import db
from portal.models import Booking, Event, EventKind, EventSession, Household, Stage, StageChange, TriageItem
from portal.models.events import HOLDS_A_PLACE, OPEN_STATUSES
from portal.services import accounts, agency, audit, clock, journey, triage, working_days
from portal.services.email import queue_to_household
from portal.services.errors import DomainError

READY_WORKING_DAYS = 5
STAGE_MEANINGS = {
    Stage.ENQUIRY: "we have your enquiry about adopting",
    Stage.STAGE_ONE: "you have started Stage 1",
    Stage.STAGE_ONE_COMPLETE: "you have finished Stage 1",
    Stage.STAGE_TWO: "you have started Stage 2",
    Stage.APPROVED: "the adoption panel has approved you as adopters",
    Stage.MATCHED: "you have been matched with a child",
    Stage.PLACED: "your child has come to live with you",
    Stage.ADOPTION_ORDER: "the court has granted the adoption order",
    Stage.WITHDRAWN: "your application has stopped",
}


@dataclass(frozen=True)
class Step:
    """One step of the whole journey: done between two dates, under way, or
    to come; ``typical_days`` is how long the step usually lasts here (the
    agency's targets for Stage 1 and Stage 2, its break, and otherwise the
    average over the households that went through it)."""

    label: str
    stage: Stage
    started_on: date | None
    finished_on: date | None
    typical_days: int | None

    @property
    def state(self) -> str:
        if self.finished_on:
            return "done"
        return "now" if self.started_on else "to come"


STEPS = [
    ("Enquiry", Stage.ENQUIRY),
    ("Stage 1", Stage.STAGE_ONE),
    ("Break between stages", Stage.STAGE_ONE_COMPLETE),
    ("Stage 2", Stage.STAGE_TWO),
    ("Panel", Stage.APPROVED),
    ("Matching", Stage.MATCHED),
    ("Placement", Stage.PLACED),
    ("Adoption order", Stage.ADOPTION_ORDER),
]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, month_lengths.monthrange(year, month)[1]))


def break_ends_on(stage_one_ended_on: date) -> date:
    """The last day of the break the agency allows after Stage 1 ends."""
    return add_months(stage_one_ended_on, agency.settings().stage_break_months)


def _first_dates(household_id: int) -> dict[Stage, date]:
    rows = db.session.execute(
        select(StageChange.stage, func.min(StageChange.started_on))
        .where(StageChange.household_id == household_id)
        .group_by(StageChange.stage)
    ).all()
    return {Stage(stage): started_on for stage, started_on in rows}


def _typical_days(start: Stage, end: Stage) -> int | None:
    """The agency's average, over every household that made it, from first
    entering ``start`` to first entering ``end`` (one query)."""

    def firsts(stage: Stage):
        change = aliased(StageChange)
        return (
            select(change.household_id, func.min(change.started_on).label("on"))
            .where(change.stage == stage)
            .group_by(change.household_id)
            .subquery()
        )

    began, ended = firsts(start), firsts(end)
    if db.session.get_bind().dialect.name == "sqlite":
        days = func.julianday(ended.c.on) - func.julianday(began.c.on)
    else:
        days = ended.c.on - began.c.on
    average = db.session.scalar(
        select(func.avg(days))
        .select_from(began)
        .join(ended, ended.c.household_id == began.c.household_id)
        .where(ended.c.on >= began.c.on)
    )
    return round(float(average)) if average is not None else None


def whole_journey(household_id: int) -> list[Step]:
    """Enquiry to adoption order, with the dates each step began and ended."""
    dates = _first_dates(household_id)
    settings = agency.settings()
    targets = {
        Stage.STAGE_ONE: settings.stage_one_target_days,
        Stage.STAGE_TWO: settings.stage_two_target_days,
    }
    steps = []
    for index, (label, stage) in enumerate(STEPS):
        following = [dates[s] for _, s in STEPS[index + 1 :] if s in dates]
        if stage == Stage.STAGE_ONE_COMPLETE and stage not in dates and Stage.STAGE_TWO in dates:
            continue  # went straight on to Stage 2
        typical: int | None
        if stage == Stage.STAGE_ONE_COMPLETE:
            began = dates.get(stage, clock.today())
            typical = (add_months(began, settings.stage_break_months) - began).days
        elif stage in targets:
            typical = targets[stage]
        elif index + 1 < len(STEPS) and not following:
            typical = _typical_days(stage, STEPS[index + 1][1])
        else:
            typical = None
        steps.append(
            Step(
                label=label,
                stage=stage,
                started_on=dates.get(stage),
                finished_on=min(following) if following and stage in dates else None,
                typical_days=typical,
            )
        )
    return steps


def email_stage_change(*, household_id: int, stage: Stage, started_on: date, account_link: str) -> None:
    """Tell every adult of the household what the new stage means and what happens next."""
    household = accounts.get_household(household_id)
    ends = break_ends_on(started_on) if stage == Stage.STAGE_ONE_COMPLETE else None
    queue_to_household(
        household,
        template="stage_changed",
        context={
            "meaning": STAGE_MEANINGS[stage],
            "started_on": started_on,
            "next_step": journey.NEXT_STEPS[stage],
            "break_ends_on": ends,
            "account_link": account_link,
        },
    )


def open_ready_item(household_id: int) -> TriageItem | None:
    found = triage.open_items(kind="stage_two_ready", household_id=household_id)
    return found[0] if found else None


def ready_for_stage_two(*, user_id: int) -> TriageItem:
    """An applicant between stages says they are ready: their social worker
    gets a queue item (one at a time, however often they press the button)."""
    user = accounts.get_user(user_id)
    household: Household | None = user.household
    if household is None or journey.current_stage(household.id) != Stage.STAGE_ONE_COMPLETE:
        raise DomainError("You can tell us you are ready once you have finished Stage 1")
    db.session.execute(select(Household.id).where(Household.id == household.id).with_for_update())
    already = open_ready_item(household.id)
    if already is not None:
        return already
    due_on, reason = working_days.due_in_working_days(clock.now(), READY_WORKING_DAYS)
    item = triage.raise_item(
        kind="stage_two_ready",
        title="Ready to start Stage 2",
        due_on=due_on,
        due_reason=reason,
        council_id=household.council_id,
        household_id=household.id,
        actor_id=user.id,
    )
    item.assignee_id = household.social_worker_id
    audit.record(
        actor_id=user.id,
        action="journey.ready_for_stage_two",
        record_type="household",
        record_id=household.id,
        summary=f"Household said it is ready to start Stage 2 ({item.reference})",
    )
    return item


def booked_preparation_course(household_id: int) -> Booking | None:
    """The household's place on a Stage 1 preparation course, if it has one."""
    return db.session.scalars(
        select(Booking)
        .join(Event, Event.id == Booking.event_id)
        .where(
            Booking.household_id == household_id,
            Booking.status.in_(HOLDS_A_PLACE),
            Event.kind == EventKind.STAGE_ONE_COURSE,
            Event.cancelled_at.is_(None),
        )
        .order_by(Booking.created_at.desc())
    ).first()


@dataclass(frozen=True)
class CourseBooked:
    booking: Booking
    starts_at: datetime


def stage_one_courses_no_longer_needed(household_id: int, stage: Stage | None) -> list[CourseBooked]:
    """Upcoming Stage 1 preparation courses the household is still booked on
    (or waiting for) although its stage (``stage``, where it is now) has moved
    on from Stage 1: for staff to talk over with the family. Nothing is
    cancelled for them. One query, none while the household is at Stage 1."""
    if stage in (Stage.STAGE_ONE, None):
        return []
    first_starts = (
        select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
        .group_by(EventSession.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Booking, first_starts.c.starts_at)
        .join(Event, Event.id == Booking.event_id)
        .join(first_starts, first_starts.c.event_id == Event.id)
        .where(
            Booking.household_id == household_id,
            Booking.status.in_(OPEN_STATUSES),
            Event.kind == EventKind.STAGE_ONE_COURSE,
            Event.cancelled_at.is_(None),
            first_starts.c.starts_at > clock.now(),
        )
        .options(contains_eager(Booking.event))
        .order_by(first_starts.c.starts_at, Booking.id)
    ).all()
    return [CourseBooked(booking, starts_at) for booking, starts_at in rows]
