"""Answering: the link's invitation is marked used (a boolean, never a time)
and the answers are stored under a random id with only the reporting month,
so nothing ties the one to the other.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from portal.extensions import db
from portal.models import (
    AnswerType,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
)
from portal.services import audit, clock
from portal.services.surveys.errors import InvalidAnswers, LinkNotValid
from portal.services.surveys.invitations import token_hash
from portal.services.surveys.questions import MANAGER_KEY, QUESTIONS, current_question_set_id

TEXT_MAX_LENGTH = 2000


def open_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a link that can still be answered."""
    if not token or len(token) > 100:
        raise LinkNotValid("This link does not work")
    invitation = db.session.scalar(
        select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(token))
    )
    if (
        invitation is None
        or invitation.sent_at is None
        or invitation.used
        or invitation.cancelled
        or invitation.expires_at is None
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
    claimed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(SurveyInvitation)
            .where(SurveyInvitation.id == invitation.id, SurveyInvitation.used.is_(False))
            .values(used=True),
            execution_options={"synchronize_session": False},
        ),
    ).rowcount
    if claimed != 1:
        raise LinkNotValid("This link has already been used")
    store(kind, current_question_set_id(kind), reporting_month(), cleaned, sealed=False)
    audit.record(
        actor_id=None,
        action="survey.response_received",
        record_type="survey_response",
        record_id=None,
        summary=f"A {kind.label.lower()} response arrived",
    )
    return Submitted(kind=kind, manager_requested=cleaned.get(MANAGER_KEY) == 1)


def store(
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
