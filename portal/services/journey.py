"""The applicant journey: stages with their dates, status updates, and the
"no recent update" nudge for social workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, true

from portal.database import job_lock
from portal.extensions import db
from portal.models import Booking, Household, Stage, StageChange, StatusUpdate, TriageItem
from portal.models.journey import IN_ASSESSMENT
from portal.services import accounts, agency, audit, clock, journey_steps, site, surveys, triage, working_days
from portal.services.email import queue_to_household
from portal.services.errors import DomainError


def _latest_changes(household_ids: list[int] | None):
    """The newest stage change of each household, or of these households (one query)."""
    ranked = (
        select(
            StageChange.household_id,
            StageChange.stage,
            func.row_number()
            .over(
                partition_by=StageChange.household_id,
                order_by=(StageChange.started_on.desc(), StageChange.id.desc()),
            )
            .label("rank"),
        )
        .where(true() if household_ids is None else StageChange.household_id.in_(household_ids))
        .subquery()
    )
    return select(ranked.c.household_id, ranked.c.stage).where(ranked.c.rank == 1)


def current_stages(household_ids: list[int]) -> dict[int, Stage]:
    """Where each of these households is now; households with no stage are left out."""
    if not household_ids:
        return {}
    rows = db.session.execute(_latest_changes(household_ids)).all()
    return {household_id: Stage(stage) for household_id, stage in rows}


def current_stage(household_id: int) -> Stage | None:
    return current_stages([household_id]).get(household_id)


class StageDateInvalid(DomainError):
    pass


def stage_history(household_id: int) -> list[StageChange]:
    return list(
        db.session.scalars(
            select(StageChange)
            .where(StageChange.household_id == household_id)
            .order_by(StageChange.started_on.desc(), StageChange.id.desc())
        )
    )


def record_stage(
    *, household_id: int, stage: Stage, started_on: date, actor_id: int, survey_delay_days: int
) -> StageChange:
    """A household entered ``stage`` on ``started_on`` (typed by staff from the
    record, so it may be in the past, never in the future). At the adoption
    order, the pre-order survey is sent ``survey_delay_days`` later."""
    household = accounts.get_household(household_id)
    stage = Stage(stage)
    if started_on > clock.today():
        raise StageDateInvalid("The date must be today or in the past")
    previous = current_stage(household.id)
    change = StageChange(
        household_id=household.id,
        stage=stage,
        started_on=started_on,
        recorded_by_id=actor_id,
        recorded_at=clock.now(),
    )
    db.session.add(change)
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="journey.stage_recorded",
        record_type="household",
        record_id=household.id,
        summary=f"Stage recorded: {stage.label} from {started_on.isoformat()}",
    )
    if stage == Stage.ADOPTION_ORDER:
        surveys.schedule_pre_order_invitation(household_id=household.id, delay_days=survey_delay_days)
    if stage != previous:  # a correction of the date is not news
        journey_steps.email_stage_change(
            household_id=household.id,
            stage=stage,
            started_on=started_on,
            account_link=site.link("/account"),
        )
    _close_resolved_items(household.id, stage)
    return change


def _close_resolved_items(household_id: int, stage: Stage) -> None:
    news = f"{stage.label} recorded"
    stale = triage.open_items(kind="stale_applicant", household_id=household_id)
    triage.close_resolved(items=stale, why=news)
    if stage != Stage.STAGE_ONE_COMPLETE:
        ready = triage.open_items(kind="stage_two_ready", household_id=household_id)
        triage.close_resolved(items=ready, why=news)


def assign_social_worker(*, household_id: int, social_worker_id: int | None, actor_id: int) -> None:
    household = accounts.get_household(household_id)
    if social_worker_id is not None:
        worker = accounts.get_user(social_worker_id)
        if not worker.is_staff or not worker.is_active:
            raise DomainError("Choose a member of staff")
    household.social_worker_id = social_worker_id
    audit.record(
        actor_id=actor_id,
        action="journey.social_worker_assigned",
        record_type="household",
        record_id=household.id,
        summary=f"Named social worker set to user {social_worker_id}"
        if social_worker_id
        else "Named social worker removed",
    )


def post_update(*, household_id: int, author_id: int, body: str) -> StatusUpdate:
    """A status update: shown on the household's account and emailed to its adults."""
    household = accounts.get_household(household_id)
    author = accounts.get_user(author_id)
    update = StatusUpdate(
        household_id=household.id, author_id=author.id, body=body.strip(), created_at=clock.now()
    )
    db.session.add(update)
    db.session.flush()
    queue_to_household(
        household,
        template="status_update",
        context={"author_name": author.full_name, "body": update.body, "account_link": site.link("/account")},
    )
    audit.record(
        actor_id=author.id,
        action="journey.update_posted",
        record_type="household",
        record_id=household.id,
        summary=f"Status update {update.id} posted",
    )
    triage.close_resolved(
        items=triage.open_items(kind="stale_applicant", household_id=household.id), why="an update was posted"
    )
    return update


def recent_updates(household_id: int, limit: int = 10) -> list[StatusUpdate]:
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.household_id == household_id)
            .order_by(StatusUpdate.created_at.desc(), StatusUpdate.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class JourneyView:
    """What an applicant sees of where they are."""

    stage: Stage | None
    started_on: date | None
    target_days: int | None
    next_step: str
    # What the household has done already, so "what happens next" says so.
    preparation_booking: Booking | None = None
    ready_item: TriageItem | None = None
    break_ends_on: date | None = None

    @property
    def days_so_far(self) -> int | None:
        return (clock.today() - self.started_on).days if self.started_on else None


NEXT_STEPS = {
    None: "Your social worker will record where you are soon.",
    Stage.ENQUIRY: "An advisor will talk with you about whether adopting is right for you now, "
    "and about registering your interest to start Stage 1.",
    Stage.STAGE_ONE: "Stage 1 is about getting to know you: checks and references, and a 3-day "
    "preparation course. Book your preparation course on the Events page.",
    Stage.STAGE_ONE_COMPLETE: "You have finished Stage 1. You can take a break before you start "
    "Stage 2. When you are ready, tell us and your social worker will be in touch to plan it.",
    Stage.STAGE_TWO: "Stage 2 is the home study: your social worker visits to write your "
    "assessment, which then goes to the adoption panel.",
    Stage.APPROVED: "You are approved. Your social worker will talk with you about children who "
    "may be a good match for your family.",
    Stage.MATCHED: "You have been matched. Your social worker will plan introductions with you.",
    Stage.PLACED: "Your child lives with you. When you are ready, you can apply for an adoption "
    "order. Support is here whenever you need it.",
    Stage.ADOPTION_ORDER: "Congratulations. Support is here for as long as your family needs it.",
    Stage.WITHDRAWN: "You have stopped your application. You are welcome to come back at any time.",
}


def journey_for(household_id: int) -> JourneyView:
    history = stage_history(household_id)
    current = history[0] if history else None
    settings = agency.settings()
    targets = {
        Stage.STAGE_ONE: settings.stage_one_target_days,
        Stage.STAGE_TWO: settings.stage_two_target_days,
    }
    stage = current.stage if current else None
    between_stages = stage == Stage.STAGE_ONE_COMPLETE
    return JourneyView(
        stage=stage,
        started_on=current.started_on if current else None,
        target_days=targets.get(stage) if stage is not None else None,
        next_step=NEXT_STEPS[stage],
        preparation_booking=journey_steps.booked_preparation_course(household_id)
        if stage == Stage.STAGE_ONE
        else None,
        ready_item=journey_steps.open_ready_item(household_id) if between_stages else None,
        break_ends_on=journey_steps.break_ends_on(current.started_on) if current and between_stages else None,
    )


def raise_stale_applicant_items() -> int:
    """Raise a "no recent update" item for each household in assessment whose
    last update or stage change is older than the agency's limit, unless one
    is already open. Safe to run again, or on two hosts at once."""
    job_lock(db.session, "stale-applicants")
    weeks = agency.settings().status_update_weeks
    cutoff = clock.now() - timedelta(weeks=weeks)
    stages = current_stages_in(IN_ASSESSMENT)
    if not stages:
        return 0
    last_update = dict(
        db.session.execute(
            select(StatusUpdate.household_id, func.max(StatusUpdate.created_at))
            .where(StatusUpdate.household_id.in_(stages))
            .group_by(StatusUpdate.household_id)
        ).all()
    )
    last_change = dict(
        db.session.execute(
            select(StageChange.household_id, func.max(StageChange.recorded_at))
            .where(StageChange.household_id.in_(stages))
            .group_by(StageChange.household_id)
        ).all()
    )
    already_open = set(
        db.session.scalars(
            select(TriageItem.household_id).where(
                TriageItem.kind == "stale_applicant",
                TriageItem.household_id.in_(stages),
                TriageItem.status.in_(triage.OPEN_STATUSES),
            )
        )
    )
    households = {h.id: h for h in db.session.scalars(select(Household).where(Household.id.in_(stages)))}
    raised = 0
    for household_id in sorted(stages):
        latest = max(
            (t for t in (last_update.get(household_id), last_change.get(household_id)) if t),
            default=None,
        )
        if household_id in already_open or (latest and latest > cutoff):
            continue
        household = households[household_id]
        due_on, reason = working_days.due_in_working_days(clock.now(), 2)
        item = triage.raise_item(
            kind="stale_applicant",
            title=f"No update for {weeks} weeks: {stages[household_id].label}",
            due_on=due_on,
            due_reason=reason,
            council_id=household.council_id,
            household_id=household.id,
        )
        item.assignee_id = household.social_worker_id
        raised += 1
    return raised


def current_stages_in(wanted: frozenset[Stage]) -> dict[int, Stage]:
    """Every household whose current stage is one of ``wanted`` (one query)."""
    rows = db.session.execute(_latest_changes(None)).all()
    return {household_id: Stage(stage) for household_id, stage in rows if Stage(stage) in wanted}
