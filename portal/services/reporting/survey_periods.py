"""The periods survey results are shown for: a financial year, or a range of
months; and how the agency rounds its percentages and averages. Only
sealed answers are counted (see ``services/surveys/sealing.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, select

from portal.extensions import db
from portal.models import (
    QuestionSet,
    SurveyKind,
    SurveyResponse,
)
from portal.services import clock
from portal.services.financial_year import FinancialYear
from portal.services.surveys import (
    InvalidPeriod,
)


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


def in_period(period: Period):
    return and_(
        SurveyResponse.sealed.is_(True),
        SurveyResponse.reporting_month >= period.first_month,
        SurveyResponse.reporting_month <= period.last_month,
    )


def respondents(kind: SurveyKind, period: Period) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(SurveyResponse)
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(QuestionSet.kind == kind, in_period(period))
    ).scalar_one()
