"""What every figure counts with: a year-month key and days between two
dates, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, literal

from portal.extensions import db
from portal.services import clock
from portal.services.financial_year import FinancialYear


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def month_key(column) -> ColumnElement:
    """'2025-04' for a date or time column."""
    return func.strftime("%Y-%m", column) if _sqlite() else func.to_char(column, "YYYY-MM")


def days_between(earlier: ColumnElement, later: ColumnElement) -> ColumnElement:
    if _sqlite():
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


def year_of(column, years: Sequence[FinancialYear], *, london_times: bool = False) -> ColumnElement:
    """The financial year (its start year) a date column falls in, among ``years``
    (None outside them): one grouped query counts every year at once.
    ``london_times``: the column is a UTC time, counted by London dates."""
    return case(*[(_within(column, year, london_times), literal(year.start_year)) for year in years])


def within_years(column, years: Sequence[FinancialYear], *, london_times: bool = False) -> ColumnElement:
    """The column falls between the first of ``years`` and the end of the last."""
    first, last = min(years), max(years)
    return _within(column, FinancialYear(first.start_year), london_times, until=last.end)


def _within(column, year: FinancialYear, london_times: bool, until: date | None = None) -> ColumnElement:
    end = until or year.end
    if london_times:
        since, before = clock.london_day_bounds(year.start, end)
        return and_(column >= since, column < before)
    return column.between(year.start, end)


def by_year(rows, years: Sequence[FinancialYear]) -> dict[FinancialYear, dict]:
    """Rows of (start year, key, count) as each year's counts by key."""
    found: dict[FinancialYear, dict] = {year: {} for year in years}
    for start_year, key, count in rows:
        if start_year is not None:
            found[FinancialYear(start_year)][key] = count
    return found
