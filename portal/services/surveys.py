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

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import (
    AnswerType,
    ManagerFollowUpRequest,
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
from portal.services import audit, clock, notify, triage, triage_people, working_days
from portal.services.errors import DomainError
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
    return [WaitingSurvey(kind=i.kind, expires_at=i.expires_at, path=survey_path(i.id)) for i in rows]


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
    kind = invitation.kind
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
