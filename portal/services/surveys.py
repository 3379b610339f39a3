"""The pre-order and post-order surveys: invitations, anonymous answers and
the results the agency publishes.

How answers stay anonymous (see also ``portal/models/surveys.py``):

- An invitation is a single-use link. Answering marks it used (a boolean,
  never a time) and stores the answers under a random id with only the
  reporting month: nothing in the answer tables refers to the invitation,
  household or person.
- The emailed link is redacted from the outbox once sent; the audit log says
  that *a* response arrived; request logs show the route, not the token.
- Answers are held back ("unsealed") until the scheduled job has at least
  :data:`BATCH_MINIMUM` of a kind; it then deletes and re-inserts them under
  new random ids in a shuffled order, in one transaction of its own, so
  neither the row order nor PostgreSQL's transaction ids (``xmin``) tie an
  answer to the request that marked an invitation used. Reports count only
  sealed answers, so figures move in steps of at least five and a change in
  them cannot be pinned on one family.
- The "team manager" answer is moved out of the answers at sealing time into
  a monthly count, so a "yes" followed by contact details cannot point to
  the rest of that person's answers.
- Staff see figures and comments only for periods with at least
  :data:`MINIMUM_SHOWN` responses.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import and_, case, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import (
    AnswerType,
    ManagerFollowUpRequest,
    PublishedSurveyFigure,
    PublishedSurveyPeriod,
    QuestionSet,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
    TriageItem,
    User,
)
from portal.services import audit, clock, notify, triage, working_days
from portal.services.errors import DomainError
from portal.services.financial_year import FinancialYear
from portal.services.paging import Page, paginate

# Staff see nothing for a period or filter with fewer responses than this.
MINIMUM_SHOWN = 5
# Answers join the results in shuffled batches of at least this many.
BATCH_MINIMUM = 5
POST_ORDER_GAP_MONTHS = 6
TEXT_MAX_LENGTH = 2000
MANAGER_FOLLOW_UP_WORKING_DAYS = 5


class LinkNotValid(DomainError):
    """The survey link is unknown, used, cancelled or expired."""


class InvalidAnswers(DomainError):
    pass


class InvalidPeriod(DomainError):
    pass


class NotEnoughResponses(DomainError):
    pass


# -- the questions -------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    wording: str
    answer_type: AnswerType
    hint: str | None = None
    # For a rating: the answer for "this did not happen to me".
    none_label: str | None = None
    # Counted apart from the other answers once sealed (see SurveyTally).
    kept_apart: bool = False

    @property
    def field_name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def choices(self) -> list[tuple[str, str]]:
        if self.answer_type is AnswerType.AGREEMENT:
            return [(str(value), label) for value, label in AGREEMENT_LABELS.items()]
        if self.answer_type is AnswerType.ZERO_TO_TEN:
            return [(str(value), str(value)) for value in range(11)]
        if self.answer_type is AnswerType.RATING_OR_NONE:
            return [(str(value), str(value)) for value in range(1, 6)] + [("0", self.none_label or "")]
        if self.answer_type is AnswerType.YES_NO:
            return [("1", "Yes"), ("0", "No")]
        return []


AGREEMENT_LABELS = {
    5: "Strongly agree",
    4: "Agree",
    3: "Neither agree nor disagree",
    2: "Disagree",
    1: "Strongly disagree",
}
AGREE_AT_LEAST = 4
RECOMMEND_AT_LEAST = 6
RATING_HINT = "1 is very poor and 5 is very good."

# The agency's own wording: keep it exactly, so this year compares with earlier years'.
QUESTIONS: dict[SurveyKind, tuple[Question, ...]] = {
    SurveyKind.PRE_ORDER: (
        Question(
            "pre.q1_application_to_approval",
            "The process from application to approval took the right amount of time",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q2_approval_to_placement",
            "The process from approval to placement took the right amount of time",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q3_information_and_training",
            "The information and training I received prepared me well for being an adoptive parent",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q4_supported_during_assessment",
            "I felt well supported throughout the assessment process by the adoption service",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q5_informed_during_matching",
            "I felt well informed during the child(ren) matching process by the adoption service",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q6_supported_matching_and_introductions",
            "I felt well supported by the adoption service during the matching and introduction process",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q7_supported_after_placement",
            "I felt well supported by the adoption service after the child(ren) were placed for adoption",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q8_know_where_to_get_support",
            "I know what to do should my family need support in the future",
            AnswerType.AGREEMENT,
        ),
        Question(
            "pre.q9_recommend",
            "How likely are you to recommend this service to another adoptive parent, "
            "based on the support you have received?",
            AnswerType.ZERO_TO_TEN,
            hint="0 is not at all likely and 10 is extremely likely.",
        ),
        Question("pre.worked_well", "What worked well?", AnswerType.TEXT),
        Question("pre.could_be_better", "What could have been better?", AnswerType.TEXT),
    ),
    SurveyKind.POST_ORDER: (
        Question(
            "post.q1_call_rating",
            "Did you have a support and advice call? If so, how would you rate it?",
            AnswerType.RATING_OR_NONE,
            hint=RATING_HINT,
            none_label="I did not have a call",
        ),
        Question(
            "post.q2_clear_next_steps",
            "After the call, did you have a clear understanding of the next steps?",
            AnswerType.YES_NO,
        ),
        Question(
            "post.q3_services_rating",
            "Did you receive support services (for example from a social worker or a therapist)? "
            "If so, how would you rate them?",
            AnswerType.RATING_OR_NONE,
            hint=RATING_HINT,
            none_label="I did not receive services",
        ),
        Question(
            "post.q4_manager_contact",
            "Would you like a team manager to contact you about your experience?",
            AnswerType.YES_NO,
            hint="If you say yes, we will ask next, separately, how the manager can contact you.",
            kept_apart=True,
        ),
        Question("post.comments", "Comments", AnswerType.TEXT),
    ),
}
MANAGER_KEY = "post.q4_manager_contact"
PRE_ORDER_STATEMENTS = tuple(
    q for q in QUESTIONS[SurveyKind.PRE_ORDER] if q.answer_type is not AnswerType.TEXT
)
COMMENT_KEYS = {
    kind: tuple(q.key for q in questions if q.answer_type is AnswerType.TEXT)
    for kind, questions in QUESTIONS.items()
}
WORDING = {q.key: q.wording for questions in QUESTIONS.values() for q in questions}


def questions(kind: SurveyKind) -> tuple[Question, ...]:
    return QUESTIONS[SurveyKind(kind)]


def _fingerprint(kind: SurveyKind) -> str:
    text = "\n".join(f"{q.key}|{q.answer_type}|{q.wording}" for q in QUESTIONS[kind])
    return hashlib.sha256(f"{kind}\n{text}".encode()).hexdigest()


def current_question_set_id(kind: SurveyKind) -> int:
    """The stored version of the wording in use, made when first answered.
    A change of wording in QUESTIONS makes the next version."""
    fingerprint = _fingerprint(kind)
    existing = db.session.scalar(select(QuestionSet.id).where(QuestionSet.fingerprint == fingerprint))
    if existing is not None:
        return existing
    latest = db.session.scalar(select(func.max(QuestionSet.version)).where(QuestionSet.kind == kind))
    question_set = QuestionSet(
        kind=kind, version=(latest or 0) + 1, fingerprint=fingerprint, created_at=clock.now()
    )
    db.session.add(question_set)
    db.session.flush()
    for position, question in enumerate(QUESTIONS[kind], start=1):
        db.session.add(
            SurveyQuestion(
                question_set_id=question_set.id,
                key=question.key,
                position=position,
                wording=question.wording,
                answer_type=question.answer_type,
            )
        )
    return question_set.id


# -- invitations ---------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _first_adult(household_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.household_id == household_id, User.is_active).order_by(User.id).limit(1)
    )


def _schedule(kind: SurveyKind, household_id: int, delay_days: int) -> SurveyInvitation | None:
    adult = _first_adult(household_id)
    if adult is None:
        return None
    now = clock.now()
    invitation = SurveyInvitation(
        kind=kind,
        household_id=household_id,
        email=adult.email,
        created_at=now,
        send_after=now + timedelta(days=delay_days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        actor_id=None,
        action="survey.invitation_scheduled",
        record_type="survey_invitation",
        record_id=invitation.id,
        summary=f"{kind.label} invitation scheduled for household {household_id}",
    )
    return invitation


def schedule_pre_order_invitation(*, household_id: int) -> SurveyInvitation | None:
    """After the adoption order: one invitation per household, to its first
    adult with an active account, however often the order is recorded."""
    already = db.session.scalar(
        select(SurveyInvitation.id).where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.kind == SurveyKind.PRE_ORDER,
            SurveyInvitation.cancelled.is_(False),
        )
    )
    if already is not None:
        return None
    return _schedule(SurveyKind.PRE_ORDER, household_id, current_app.config["SURVEY_PRE_ORDER_DELAY_DAYS"])


def schedule_post_order_invitation(*, household_id: int) -> SurveyInvitation | None:
    """After a support request is closed with an outcome: at most one
    post-order invitation per household in six months."""
    since = _months_before(clock.today(), POST_ORDER_GAP_MONTHS)
    start, _ = clock.london_day_bounds(since, since)
    recent = db.session.scalar(
        select(SurveyInvitation.id).where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.kind == SurveyKind.POST_ORDER,
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.created_at > start,
        )
    )
    if recent is not None:
        return None
    return _schedule(SurveyKind.POST_ORDER, household_id, current_app.config["SURVEY_POST_ORDER_DELAY_DAYS"])


def token_for(invitation_id: int) -> str:
    """The link's token, derived with the app's secret so the reminder can
    send the same link again while only its hash is stored."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"survey-invitation:{invitation_id}".encode(), hashlib.sha256).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_path(invitation_id: int) -> str:
    return f"/surveys/{token_for(invitation_id)}"


@dataclass
class SendResult:
    sent: int = 0
    reminded: int = 0
    cancelled: int = 0


def _email(invitation: SurveyInvitation, template: str) -> None:
    # Set again for a reminder, in case the secret key has changed since.
    invitation.token_hash = _token_hash(token_for(invitation.id))
    notify.queue_email(
        template=template,
        to=invitation.email,
        context={
            "pre_order": invitation.kind == SurveyKind.PRE_ORDER,
            "link": current_app.config["BASE_URL"] + survey_path(invitation.id),
            "expires_on": invitation.expires_at,
        },
    )


def send_due_invitations() -> SendResult:
    """Email the invitations now due, and the one reminder to those who have
    not answered. Safe to run again, or on two hosts at once: rows being
    handled elsewhere are skipped, and what is done is not done again."""
    result = SendResult()
    now = clock.now()
    due = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.sent_at.is_(None),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.send_after <= now,
        )
        .order_by(SurveyInvitation.id)
        .with_for_update(skip_locked=True)
    ).all()
    active = set(
        db.session.scalars(select(User.email).where(User.email.in_({i.email for i in due}), User.is_active))
    )
    for invitation in due:
        if invitation.email not in active:
            # The person's account was closed before the invitation went out.
            invitation.cancelled = True
            result.cancelled += 1
            continue
        invitation.sent_at = now
        invitation.expires_at = now + timedelta(days=current_app.config["SURVEY_LINK_DAYS"])
        invitation.reminder_after = now + timedelta(days=current_app.config["SURVEY_REMINDER_DAYS"])
        _email(invitation, "survey_invitation")
        result.sent += 1
    reminders = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.sent_at.is_not(None),
            SurveyInvitation.used.is_(False),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.reminded_at.is_(None),
            SurveyInvitation.reminder_after <= now,
            SurveyInvitation.expires_at > now,
        )
        .order_by(SurveyInvitation.id)
        .with_for_update(skip_locked=True)
    ).all()
    for invitation in reminders:
        invitation.reminded_at = now
        _email(invitation, "survey_reminder")
        result.reminded += 1
    if result.sent or result.reminded or result.cancelled:
        audit.record(
            actor_id=None,
            action="survey.invitations_sent",
            record_type="survey_invitation",
            record_id=None,
            summary=f"Survey invitations: {result.sent} sent, {result.reminded} reminded, "
            f"{result.cancelled} cancelled",
        )
    return result


@dataclass(frozen=True)
class WaitingSurvey:
    kind: SurveyKind
    expires_at: datetime
    path: str


def waiting_for_household(household_id: int) -> list[WaitingSurvey]:
    """Surveys sent to this household that are unanswered and still open."""
    rows = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.sent_at.is_not(None),
            SurveyInvitation.used.is_(False),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.expires_at > clock.now(),
        )
        .order_by(SurveyInvitation.id)
    )
    return [
        WaitingSurvey(kind=SurveyKind(i.kind), expires_at=i.expires_at, path=survey_path(i.id)) for i in rows
    ]


# -- answering -------------------------------------------------------------------


def open_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a link that can still be answered."""
    if not token or len(token) > 100:
        raise LinkNotValid("This link does not work")
    invitation = db.session.scalar(
        select(SurveyInvitation).where(SurveyInvitation.token_hash == _token_hash(token))
    )
    if (
        invitation is None
        or invitation.sent_at is None
        or invitation.used
        or invitation.cancelled
        or invitation.expires_at <= clock.now()
    ):
        raise LinkNotValid("This link does not work")
    return invitation


def kind_for_link(token: str) -> SurveyKind:
    return SurveyKind(open_invitation(token).kind)


def _clean(kind: SurveyKind, answers: Mapping[str, str | None]) -> dict[str, int | str]:
    cleaned: dict[str, int | str] = {}
    for question in QUESTIONS[kind]:
        raw = (answers.get(question.key) or "").strip()
        if not raw:
            continue
        if question.answer_type is AnswerType.TEXT:
            if len(raw) > TEXT_MAX_LENGTH:
                raise InvalidAnswers(f"Answers must be {TEXT_MAX_LENGTH} characters or fewer")
            cleaned[question.key] = raw
        elif raw in {value for value, _ in question.choices}:
            cleaned[question.key] = int(raw)
        else:
            raise InvalidAnswers("Choose one of the answers given")
    if not cleaned:
        raise InvalidAnswers("Answer at least one question, or close this page if you would rather not")
    return cleaned


def reporting_month() -> str:
    return clock.today().strftime("%Y-%m")


@dataclass(frozen=True)
class Submitted:
    kind: SurveyKind
    manager_requested: bool


def submit(*, token: str, answers: Mapping[str, str | None]) -> Submitted:
    """Store a family's answers and mark their link used, with nothing that
    ties the one to the other."""
    invitation = open_invitation(token)
    kind = SurveyKind(invitation.kind)
    cleaned = _clean(kind, answers)
    claimed = db.session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.used.is_(False))
        .values(used=True),
        execution_options={"synchronize_session": False},
    ).rowcount
    if claimed != 1:
        raise LinkNotValid("This link has already been used")
    _store(kind, current_question_set_id(kind), reporting_month(), cleaned, sealed=False)
    audit.record(
        actor_id=None,
        action="survey.response_received",
        record_type="survey_response",
        record_id=None,
        summary=f"A {kind.label.lower()} response arrived",
    )
    return Submitted(kind=kind, manager_requested=cleaned.get(MANAGER_KEY) == 1)


def _store(
    kind: SurveyKind, question_set_id: int, month: str, answers: Mapping[str, int | str], *, sealed: bool
) -> None:
    response_id = str(uuid.uuid4())
    db.session.add(
        SurveyResponse(id=response_id, question_set_id=question_set_id, reporting_month=month, sealed=sealed)
    )
    db.session.flush()
    for key, answer in answers.items():
        is_text = isinstance(answer, str)
        db.session.add(
            SurveyAnswer(
                response_id=response_id,
                question_key=key,
                value=None if is_text else answer,
                text=answer if is_text else None,
            )
        )


def request_manager_follow_up(*, name: str, phone: str | None, email: str | None, best_time: str | None):
    """Someone who said yes to a team manager contacting them chose to say
    how: a queue item for a manager, not linked to any survey answers."""
    name, phone, email, best_time = (v.strip() if v else None for v in (name, phone, email, best_time))
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
        .order_by(TriageItem.due_on, TriageItem.id)
    )
    return paginate(query, page=page, page_size=page_size)


# -- sealing: answers join the results in shuffled batches ----------------------


def _upsert_tally(kind: SurveyKind, month: str, key: str, value: int, count: int) -> None:
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SurveyTally).values(
        kind=kind, reporting_month=month, question_key=key, value=value, count=count
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["kind", "reporting_month", "question_key", "value"],
            set_={"count": SurveyTally.count + statement.excluded.count},
        )
    )


def seal_responses() -> int:
    """Move unsealed answers into the results, a kind at a time once at least
    BATCH_MINIMUM are waiting: delete them and insert them again under new
    random ids, in a shuffled order, in this job's own transaction. Answers
    kept apart (the team-manager question) become monthly counts. Safe to
    run again or on two hosts at once. Returns how many were sealed."""
    kept_apart = {q.key for questions in QUESTIONS.values() for q in questions if q.kept_apart}
    waiting = db.session.execute(
        select(
            SurveyResponse.id,
            SurveyResponse.question_set_id,
            SurveyResponse.reporting_month,
            QuestionSet.kind,
        )
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(SurveyResponse.sealed.is_(False))
        .with_for_update(of=SurveyResponse, skip_locked=True)
    ).all()
    by_kind: dict[str, list] = defaultdict(list)
    for row in waiting:
        by_kind[row.kind].append(row)
    shuffler = random.SystemRandom()
    sealed = 0
    for kind, rows in sorted(by_kind.items()):
        if len(rows) < BATCH_MINIMUM:
            continue
        ids = [row.id for row in rows]
        answers: dict[str, dict[str, int | str]] = defaultdict(dict)
        for answer in db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids))):
            answers[answer.response_id][answer.question_key] = (
                answer.text if answer.text is not None else answer.value
            )
        db.session.execute(SurveyAnswer.__table__.delete().where(SurveyAnswer.response_id.in_(ids)))
        db.session.execute(SurveyResponse.__table__.delete().where(SurveyResponse.id.in_(ids)))
        tallies: Counter = Counter()
        shuffler.shuffle(rows)
        for row in rows:
            kept = {k: v for k, v in answers[row.id].items() if k not in kept_apart}
            for key in kept_apart & answers[row.id].keys():
                tallies[(row.reporting_month, key, answers[row.id][key])] += 1
            _store(SurveyKind(kind), row.question_set_id, row.reporting_month, kept, sealed=True)
        for (month, key, value), count in sorted(tallies.items()):
            _upsert_tally(SurveyKind(kind), month, key, value, count)
        audit.record(
            actor_id=None,
            action="survey.responses_sealed",
            record_type="survey_response",
            record_id=None,
            summary=f"{len(rows)} {SurveyKind(kind).label.lower()} responses added to the results",
        )
        sealed += len(rows)
    return sealed


# -- reporting -------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    label: str
    first_month: str
    last_month: str
    # The financial year, when the period is one (published figures are kept by it).
    financial_year: FinancialYear | None = None


def financial_year_period(year: FinancialYear) -> Period:
    return Period(
        label=year.label,
        first_month=year.start.strftime("%Y-%m"),
        last_month=year.end.strftime("%Y-%m"),
        financial_year=year,
    )


def _month(text: str) -> str:
    try:
        return datetime.strptime(text.strip(), "%Y-%m").strftime("%Y-%m")
    except ValueError as error:
        raise InvalidPeriod(f"{text.strip()!r} is not a month like 2025-04") from error


def parse_period(text: str) -> Period:
    """A financial year ('2024/25') or a range of months ('2025-04 to 2025-09')."""
    text = (text or "").strip()[:40]
    if " to " in text:
        first, last = (_month(part) for part in text.split(" to ", 1))
        if last < first:
            raise InvalidPeriod("The period must end after it starts")
        return Period(label=f"{first} to {last}", first_month=first, last_month=last)
    try:
        return financial_year_period(FinancialYear.parse(text))
    except ValueError as error:
        raise InvalidPeriod(
            "Enter a financial year like 2024/25, or months like 2025-04 to 2025-09"
        ) from error


def default_periods() -> tuple[Period, Period]:
    """The last two complete financial years, as the agency's annual report compares them."""
    latest = FinancialYear.containing(clock.today()).previous
    return financial_year_period(latest.previous), financial_year_period(latest)


def percent(part: int, whole: int) -> int:
    """A whole-number percentage, halves rounded up, as the agency prints them."""
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def average(total: int, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _in_period(period: Period):
    return and_(
        SurveyResponse.sealed.is_(True),
        SurveyResponse.reporting_month >= period.first_month,
        SurveyResponse.reporting_month <= period.last_month,
    )


def respondents(kind: SurveyKind, period: Period) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(QuestionSet.kind == kind, _in_period(period))
    )


@dataclass(frozen=True)
class Figure:
    # How many answered this statement; None for published figures.
    answered: int | None
    percent: int | None


@dataclass(frozen=True)
class PreOrderColumn:
    period: Period
    # "portal" (answers here), "published" (entered from a printed report) or "none".
    source: str
    respondents: int
    figures: dict[str, Figure]

    @property
    def shown(self) -> bool:
        return self.respondents >= MINIMUM_SHOWN


@dataclass(frozen=True)
class StatementRow:
    number: int
    key: str
    wording: str
    previous: Figure
    latest: Figure

    @property
    def change(self) -> int | None:
        """Percentage points between the rounded figures, as the agency prints it."""
        if self.previous.percent is None or self.latest.percent is None:
            return None
        return self.latest.percent - self.previous.percent


@dataclass(frozen=True)
class PreOrderReport:
    previous: PreOrderColumn
    latest: PreOrderColumn
    rows: list[StatementRow]


def _pre_order_column(period: Period) -> PreOrderColumn:
    count = respondents(SurveyKind.PRE_ORDER, period)
    if count == 0 and period.financial_year is not None:
        published = db.session.scalar(
            select(PublishedSurveyPeriod).where(
                PublishedSurveyPeriod.kind == SurveyKind.PRE_ORDER,
                PublishedSurveyPeriod.period_label == period.label,
            )
        )
        if published is not None:
            shown = published.respondents >= MINIMUM_SHOWN
            figures = {
                f.question_key: Figure(answered=None, percent=f.percentage if shown else None)
                for f in published.figures
            }
            return PreOrderColumn(period, "published", published.respondents, figures)
    recommend_keys = [q.key for q in PRE_ORDER_STATEMENTS if q.answer_type is AnswerType.ZERO_TO_TEN]
    positive = case(
        (SurveyAnswer.question_key.in_(recommend_keys), SurveyAnswer.value >= RECOMMEND_AT_LEAST),
        else_=SurveyAnswer.value >= AGREE_AT_LEAST,
    )
    rows = db.session.execute(
        select(
            SurveyAnswer.question_key,
            func.count(SurveyAnswer.value),
            func.sum(case((positive, 1), else_=0)),
        )
        .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(
            QuestionSet.kind == SurveyKind.PRE_ORDER,
            _in_period(period),
            SurveyAnswer.value.is_not(None),
            SurveyAnswer.question_key.in_([q.key for q in PRE_ORDER_STATEMENTS]),
        )
        .group_by(SurveyAnswer.question_key)
    ).all()
    shown = count >= MINIMUM_SHOWN
    figures = {
        key: Figure(answered=answered, percent=percent(int(agreed), answered) if shown and answered else None)
        for key, answered, agreed in rows
    }
    return PreOrderColumn(period, "portal" if count else "none", count, figures)


def pre_order_report(*, previous: Period, latest: Period) -> PreOrderReport:
    """For each statement, the share answering agree or strongly agree (for
    question 9, 6 to 10), over those who answered it; the previous and latest
    periods side by side with the change between the rounded figures."""
    before, after = _pre_order_column(previous), _pre_order_column(latest)
    empty = Figure(answered=None, percent=None)
    rows = [
        StatementRow(
            number=number,
            key=q.key,
            wording=q.wording,
            previous=before.figures.get(q.key, empty),
            latest=after.figures.get(q.key, empty),
        )
        for number, q in enumerate(PRE_ORDER_STATEMENTS, start=1)
    ]
    return PreOrderReport(previous=before, latest=after, rows=rows)


@dataclass(frozen=True)
class PostOrderColumn:
    period: Period
    respondents: int
    call_average: Decimal | None
    call_answered: int
    next_steps_yes: int
    next_steps_answered: int
    services_average: Decimal | None
    services_answered: int
    manager_requests: int

    @property
    def shown(self) -> bool:
        return self.respondents >= MINIMUM_SHOWN

    @property
    def next_steps_percent(self) -> int | None:
        return percent(self.next_steps_yes, self.next_steps_answered) if self.next_steps_answered else None


def _post_order_column(period: Period) -> PostOrderColumn:
    rated = SurveyAnswer.value.between(1, 5)
    rows = db.session.execute(
        select(
            SurveyAnswer.question_key,
            func.count(SurveyAnswer.value),
            func.count(case((rated, 1))),
            func.coalesce(func.sum(case((rated, SurveyAnswer.value), else_=0)), 0),
            func.count(case((SurveyAnswer.value == 1, 1))),
        )
        .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(
            QuestionSet.kind == SurveyKind.POST_ORDER,
            _in_period(period),
            SurveyAnswer.value.is_not(None),
        )
        .group_by(SurveyAnswer.question_key)
    ).all()
    counts = {row[0]: tuple(int(n) for n in row[1:]) for row in rows}
    manager_requests = db.session.scalar(
        select(func.coalesce(func.sum(SurveyTally.count), 0)).where(
            SurveyTally.kind == SurveyKind.POST_ORDER,
            SurveyTally.question_key == MANAGER_KEY,
            SurveyTally.value == 1,
            SurveyTally.reporting_month >= period.first_month,
            SurveyTally.reporting_month <= period.last_month,
        )
    )
    none = (0, 0, 0, 0)
    _, call_answered, call_total, _ = counts.get("post.q1_call_rating", none)
    _, services_answered, services_total, _ = counts.get("post.q3_services_rating", none)
    next_steps_answered, _, _, next_steps_yes = counts.get("post.q2_clear_next_steps", none)
    return PostOrderColumn(
        period=period,
        respondents=respondents(SurveyKind.POST_ORDER, period),
        call_average=average(call_total, call_answered) if call_answered else None,
        call_answered=call_answered,
        next_steps_yes=next_steps_yes,
        next_steps_answered=next_steps_answered,
        services_average=average(services_total, services_answered) if services_answered else None,
        services_answered=services_answered,
        manager_requests=int(manager_requests),
    )


def post_order_report(*, previous: Period, latest: Period) -> tuple[PostOrderColumn, PostOrderColumn]:
    return _post_order_column(previous), _post_order_column(latest)


@dataclass(frozen=True)
class Comment:
    question: str
    text: str


def comments(*, kind: SurveyKind, period: Period, page: int, page_size: int = 25) -> Page[Comment]:
    """Free-text answers for a period with enough responses, in no order
    that follows when they arrived (they are listed by their random ids)."""
    kind = SurveyKind(kind)
    if respondents(kind, period) < MINIMUM_SHOWN:
        raise NotEnoughResponses("Not enough responses to show")
    query = (
        select(SurveyAnswer)
        .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(
            QuestionSet.kind == kind,
            _in_period(period),
            SurveyAnswer.question_key.in_(COMMENT_KEYS[kind]),
            SurveyAnswer.text.is_not(None),
        )
        .order_by(SurveyAnswer.response_id, SurveyAnswer.question_key)
    )
    answers = paginate(query, page=page, page_size=page_size)
    return Page(
        items=[Comment(question=WORDING[a.question_key], text=a.text) for a in answers.items],
        total=answers.total,
        page=answers.page,
        page_size=answers.page_size,
    )


# -- published figures -------------------------------------------------------------


def record_published_figures(
    *, period_label: str, respondents: int, percentages: Mapping[str, int], actor_id: int
) -> PublishedSurveyPeriod:
    """A past period's pre-order figures as printed, replacing any entered before."""
    try:
        year = FinancialYear.parse(period_label.strip())
    except ValueError as error:
        raise InvalidPeriod("Enter a financial year like 2023/24") from error
    if respondents < 0:
        raise InvalidAnswers("The number of respondents cannot be negative")
    expected = {q.key for q in PRE_ORDER_STATEMENTS}
    if set(percentages) != expected or any(not 0 <= p <= 100 for p in percentages.values()):
        raise InvalidAnswers("Enter a percentage from 0 to 100 for every statement")
    period = db.session.scalar(
        select(PublishedSurveyPeriod).where(
            PublishedSurveyPeriod.kind == SurveyKind.PRE_ORDER,
            PublishedSurveyPeriod.period_label == year.label,
        )
    )
    if period is None:
        period = PublishedSurveyPeriod(kind=SurveyKind.PRE_ORDER, period_label=year.label)
        db.session.add(period)
    period.respondents = respondents
    period.entered_by_id = actor_id
    period.entered_at = clock.now()
    existing = {figure.question_key: figure for figure in period.figures}
    for key, value in percentages.items():
        if key in existing:
            existing[key].percentage = value
        else:
            period.figures.append(PublishedSurveyFigure(question_key=key, percentage=value))
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="survey.published_figures_entered",
        record_type="published_survey_period",
        record_id=period.id,
        summary=f"Published pre-order figures entered for {year.label}",
    )
    return period


def published_periods() -> list[PublishedSurveyPeriod]:
    return list(
        db.session.scalars(select(PublishedSurveyPeriod).order_by(PublishedSurveyPeriod.period_label.desc()))
    )
