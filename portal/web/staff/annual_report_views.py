"""The annual report: every table the agency prints, for a chosen financial
year with the previous one beside it, each also as CSV."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from portal.models.accounts import Role
from portal.services import annual_report, clock
from portal.services.financial_year import FinancialYear
from portal.web.access import allow
from portal.web.downloads import csv_response
from portal.web.query_args import FINANCIAL_YEAR, choice, reads

bp = Blueprint("annual_report", __name__, url_prefix="/reports/annual")

REPORT_ROLES = (Role.MANAGER, Role.ADMIN)
YEARS_OFFERED = 6
PRINTING = choice("print", "Print-friendly page", ["1"])


def _year() -> FinancialYear:
    """The year asked for, or the last complete financial year."""
    return FINANCIAL_YEAR.read() or FinancialYear.containing(clock.today()).previous


@bp.route("")
@allow(REPORT_ROLES)
@reads(FINANCIAL_YEAR, PRINTING)
def show():
    year = _year()
    current = FinancialYear.containing(clock.today())
    years = [FinancialYear(current.start_year - n) for n in range(YEARS_OFFERED)]
    return render_template(
        "staff/reports/annual.html",
        year=year,
        years=years,
        tables=annual_report.all_tables(year),
        printing=PRINTING.read() is not None,
    )


@bp.route("/<name>.csv")
@allow(REPORT_ROLES)
@reads(FINANCIAL_YEAR)
def download(name: str):
    if name not in annual_report.TABLES:
        abort(404)
    year = _year()
    table = annual_report.table(name, year)
    return csv_response(f"{name}-{year.label.replace('/', '-')}.csv", [table.columns, *table.rows])
