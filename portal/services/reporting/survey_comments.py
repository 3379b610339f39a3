"""Free-text survey answers, for a period with enough responses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.models import (
    QuestionSet,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from portal.services.paging import Page, paginate
from portal.services.reporting.survey_periods import Period, in_period, respondents
from portal.services.surveys import (
    COMMENT_KEYS,
    MINIMUM_SHOWN,
    WORDING,
    NotEnoughResponses,
)


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
            in_period(period),
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
