"""Survey results as the agency publishes them: shares agreeing per statement,
previous and latest period side by side, post-order averages, comments, and
the figures of past printed reports. Only sealed answers are counted, and
nothing is shown for fewer than MINIMUM_SHOWN responses (see surveys/sealing.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, select

from portal.extensions import db
from portal.models import (
    AnswerType,
    PublishedSurveyFigure,
    PublishedSurveyPeriod,
    QuestionSet,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    SurveyTally,
)
from portal.services import audit, clock
from portal.services.financial_year import FinancialYear
from portal.services.paging import Page, paginate
from portal.services.surveys import (
    AGREE_AT_LEAST,
    COMMENT_KEYS,
    MANAGER_KEY,
    MINIMUM_SHOWN,
    PRE_ORDER_STATEMENTS,
    RECOMMEND_AT_LEAST,
    WORDING,
    InvalidAnswers,
    InvalidPeriod,
    NotEnoughResponses,
)

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
