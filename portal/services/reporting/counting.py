"""What every figure counts with: a year-month key and days between two
dates, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func

from portal.extensions import db


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def month_key(column) -> ColumnElement:
    """'2025-04' for a date or time column."""
    return func.strftime("%Y-%m", column) if _sqlite() else func.to_char(column, "YYYY-MM")


def days_between(earlier: ColumnElement, later: ColumnElement) -> ColumnElement:
    if _sqlite():
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier
