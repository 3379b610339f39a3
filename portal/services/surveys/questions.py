"""The questions of each survey, in the agency's own wording, and the stored
version of that wording that answers are counted against.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AnswerType,
    QuestionSet,
    SurveyKind,
    SurveyQuestion,
)
from portal.services import clock


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
