"""Survey results as the agency publishes them: shares agreeing per statement,
previous and latest period side by side, and post-order averages. Nothing is
shown for fewer than MINIMUM_SHOWN responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import (
    AnswerType,
    PublishedSurveyPeriod,
    QuestionSet,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    SurveyTally,
)
from portal.services.reporting.survey_periods import Period, average, in_period, percent, respondents
from portal.services.surveys import (
    AGREE_AT_LEAST,
    MANAGER_KEY,
    MINIMUM_SHOWN,
    PRE_ORDER_STATEMENTS,
    RECOMMEND_AT_LEAST,
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
            in_period(period),
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
            in_period(period),
            SurveyAnswer.value.is_not(None),
        )
        .group_by(SurveyAnswer.question_key)
    ).all()
    counts = {row[0]: tuple(int(n) for n in row[1:]) for row in rows}
    manager_requests = db.session.execute(
        select(func.coalesce(func.sum(SurveyTally.count), 0)).where(
            SurveyTally.kind == SurveyKind.POST_ORDER,
            SurveyTally.question_key == MANAGER_KEY,
            SurveyTally.value == 1,
            SurveyTally.reporting_month >= period.first_month,
            SurveyTally.reporting_month <= period.last_month,
        )
    ).scalar_one()
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
