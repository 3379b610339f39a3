"""The pre-order figures of past printed reports, entered by staff, shown
where the portal holds no answers for that year.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    PublishedSurveyFigure,
    PublishedSurveyPeriod,
    SurveyKind,
)
from portal.services import audit, clock
from portal.services.financial_year import FinancialYear
from portal.services.surveys import (
    PRE_ORDER_STATEMENTS,
    InvalidAnswers,
    InvalidPeriod,
)


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
