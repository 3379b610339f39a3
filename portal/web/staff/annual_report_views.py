"""The annual report: every table the agency prints, for a chosen financial
year with the previous one beside it, each also as CSV."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from portal.services import clock, reporting
from portal.services.financial_year import FinancialYear
from portal.web import charts
from portal.web.access import MANAGERS_AND_ADMINS, allow
from portal.web.downloads import csv_response
from portal.web.query_args import FINANCIAL_YEAR, choice, reads

bp = Blueprint("annual_report", __name__, url_prefix="/reports/annual")

YEARS_OFFERED = 6
PRINTING = choice("print", "Print-friendly page", ["1"])
# The adopter journey's chart compares this many financial years, the chosen one last.
JOURNEY_YEARS = 4
JOURNEY_MEASURES = (
    ("Enquiries", "enquiries"),
    ("Stage 1 starts", "stage_one_starts"),
    ("Stage 2 starts", "stage_two_starts"),
    ("Stage 2 ends", "stage_two_ends"),
    ("Matched", "matched"),
    ("Placed", "placed"),
)


def _year() -> FinancialYear:
    """The year asked for, or the last complete financial year."""
    return FINANCIAL_YEAR.read() or FinancialYear.containing(clock.today()).previous


def _journey_years(year: FinancialYear) -> list[FinancialYear]:
    return [FinancialYear(year.start_year - n) for n in reversed(range(JOURNEY_YEARS))]


def _journey_over_the_years(figures: reporting.YearFigures) -> charts.BarChart:
    year = figures.year
    years = _journey_years(year)
    by_year = [figures.journey[each] for each in years]
    return charts.bar_chart(
        title=f"Bar chart of the adopter journey, {years[0].label} to {year.label}",
        axis_label="Households",
        categories=[label for label, _ in JOURNEY_MEASURES],
        series=[
            (each.label, [getattr(f, name) for _, name in JOURNEY_MEASURES])
            for each, f in zip(years, by_year, strict=True)
        ],
    )


def _counts(cells: list[object]) -> list[float | None]:
    """A table's count cells as a chart's values (a blank cell: no bar)."""
    return [cell if isinstance(cell, int | float) else None for cell in cells]


def _support_call_charts(table: reporting.Table, year: FinancialYear) -> list[charts.BarChart]:
    *councils, total = table.rows
    return [
        charts.bar_chart(
            title=f"Bar chart of support-and-advice calls by month, {year.label}",
            axis_label="Calls",
            categories=table.columns[1:-1],
            series=[(year.label, _counts(total[1:-1]))],
        ),
        charts.bar_chart(
            title=f"Bar chart of support-and-advice calls by council, {year.label}",
            axis_label="Calls",
            categories=[str(row[0]) for row in councils],
            series=[(year.label, _counts([row[-1] for row in councils]))],
        ),
    ]


def _charts(
    tables: list[reporting.Table], figures: reporting.YearFigures
) -> dict[str, list[charts.BarChart]]:
    """The charts shown above a table, by the table's name."""
    by_name = {table.name: table for table in tables}
    shown = {"adopter-journey": [_journey_over_the_years(figures)]}
    if "support-calls" in by_name:
        shown["support-calls"] = _support_call_charts(by_name["support-calls"], figures.year)
    return shown


@bp.route("")
@allow(MANAGERS_AND_ADMINS)
@reads(FINANCIAL_YEAR, PRINTING)
def show():
    year = _year()
    current = FinancialYear.containing(clock.today())
    years = [FinancialYear(current.start_year - n) for n in range(YEARS_OFFERED)]
    # The chart's years include the tables' two: the journey is counted once for all.
    figures = reporting.YearFigures(year, journey_years=_journey_years(year))
    tables = reporting.all_tables(figures)
    return render_template(
        "staff/reports/annual.html",
        year=year,
        years=years,
        tables=tables,
        charts=_charts(tables, figures),
        printing=PRINTING.read() is not None,
    )


@bp.route("/<name>.csv")
@allow(MANAGERS_AND_ADMINS)
@reads(FINANCIAL_YEAR)
def download(name: str):
    if name not in reporting.TABLES:
        abort(404)
    year = _year()
    table = reporting.table(name, year)
    return csv_response(f"{name}-{year.label.replace('/', '-')}.csv", [table.columns, *table.rows])
