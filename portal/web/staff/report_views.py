"""Reports for managers and admins: the survey results as the agency
publishes them, each table also as CSV, and the figures of past printed
reports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.surveys import SurveyKind
from portal.services import reporting, surveys
from portal.web import charts
from portal.web.access import MANAGERS_AND_ADMINS, allow
from portal.web.downloads import csv_response
from portal.web.query_args import PAGE, choice, formatted, page_number, reads
from portal.web.staff.report_forms import PeriodsForm, PublishedFiguresForm

bp = Blueprint("reports", __name__, url_prefix="/reports")

NOT_SHOWN = "Not enough responses to show"


def _period(text: str) -> reporting.Period:
    try:
        return reporting.parse_period(text)
    except surveys.InvalidPeriod as error:
        raise ValueError(text) from error


def _period_argument(name: str, label: str, *, required: bool = False):
    return formatted(
        name,
        label,
        _period,
        required=required,
        example="2024/25",
        described="a financial year like 2024/25, or months like 2025-04 to 2025-09",
    )


PREVIOUS = _period_argument("previous", "Previous period")
LATEST = _period_argument("latest", "Latest period")
PERIODS = (PREVIOUS, LATEST)
KIND = choice("kind", "Survey", [kind.value for kind in SurveyKind], required=True)
PERIOD = _period_argument("period", "Period", required=True)


def _periods() -> tuple[PeriodsForm, tuple[reporting.Period, reporting.Period] | None]:
    """The two periods asked for, or the last two financial years."""
    default_previous, default_latest = reporting.default_periods()
    given = {argument.name: argument.raw() for argument in PERIODS}
    if not any(given.values()):
        form = PeriodsForm(formdata=None, previous=default_previous.label, latest=default_latest.label)
        return form, (default_previous, default_latest)
    form = PeriodsForm(formdata=None, **given)
    form.validate()
    # Each period given is checked, even when the other is missing.
    periods: list[reporting.Period] = []
    for field in (form.previous, form.latest):
        if field.errors:
            continue
        try:
            periods.append(reporting.parse_period(field.data))
        except surveys.InvalidPeriod as error:
            field.errors.append(str(error))
    if form.errors:
        return form, None
    previous, latest = periods
    return form, (previous, latest)


@bp.route("")
@allow(MANAGERS_AND_ADMINS)
def index():
    return render_template("staff/reports/index.html")


def _pre_order_chart(pre) -> charts.BarChart:
    columns = (pre.previous, pre.latest)
    periods = f"{pre.previous.period.label} and {pre.latest.period.label}"
    return charts.bar_chart(
        title=f"Bar chart of each statement's share in {periods}",
        axis_label="Share who agreed (%)",
        categories=[f"{row.number}. {row.wording}" for row in pre.rows],
        series=[
            (column.period.label, [(row.previous, row.latest)[index].percent for row in pre.rows])
            for index, column in enumerate(columns)
        ],
        unit="%",
        maximum=100,
    )


def _results_page(form: PeriodsForm, *, pre=None, post=None, query=None, status: int = 200):
    return render_template(
        "staff/reports/surveys.html",
        form=form,
        pre=pre,
        pre_chart=_pre_order_chart(pre) if pre else None,
        post=post,
        query=query,
        minimum=surveys.MINIMUM_SHOWN,
        batch_minimum=surveys.BATCH_MINIMUM,
    ), status


@bp.route("/surveys")
@allow(MANAGERS_AND_ADMINS)
@reads(*PERIODS)
def survey_results():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    previous, latest = periods
    return _results_page(
        form,
        pre=reporting.pre_order_report(previous=previous, latest=latest),
        post=reporting.post_order_report(previous=previous, latest=latest),
        query={"previous": previous.label, "latest": latest.label},
    )


def _slug(period: reporting.Period) -> str:
    return period.label.replace("/", "-").replace(" ", "-")


def _not_shown_note(columns) -> str:
    """Number columns hold numbers or nothing; why a column is blank goes in a note."""
    hidden = [column.period.label for column in columns if not column.shown]
    return f"{NOT_SHOWN} for {' and '.join(hidden)}" if hidden else ""


def _cell(figure: reporting.Figure, column) -> list:
    if not column.shown:
        return ["", ""]
    return [
        "" if figure.percent is None else figure.percent,
        "" if figure.answered is None else figure.answered,
    ]


@bp.route("/surveys/pre-order.csv")
@allow(MANAGERS_AND_ADMINS)
@reads(*PERIODS)
def pre_order_csv():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    report = reporting.pre_order_report(previous=periods[0], latest=periods[1])
    before, after = report.previous, report.latest
    rows: list[list] = [
        [
            "Statement",
            "Wording",
            f"{before.period.label} %",
            f"{before.period.label} n answering",
            f"{after.period.label} %",
            f"{after.period.label} n answering",
            "Change (percentage points)",
            "Note",
        ],
        ["", "Respondents", "", before.respondents, "", after.respondents, "", ""],
    ]
    note = _not_shown_note((before, after))
    for row in report.rows:
        rows.append(
            [row.number, row.wording, *_cell(row.previous, before), *_cell(row.latest, after)]
            + ["" if row.change is None else row.change, note]
        )
    return csv_response(f"pre-order-survey-{_slug(before.period)}-and-{_slug(after.period)}.csv", rows)


@bp.route("/surveys/post-order.csv")
@allow(MANAGERS_AND_ADMINS)
@reads(*PERIODS)
def post_order_csv():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    columns = reporting.post_order_report(previous=periods[0], latest=periods[1])
    rows: list[list] = [["Measure", *(c.period.label for c in columns), "Note"]]
    note = _not_shown_note(columns)

    def line(measure: str, value) -> list:
        return [measure, *(value(c) if c.shown else "" for c in columns), note]

    rows += [
        line("Respondents", lambda c: c.respondents),
        line("Average rating of the support and advice call", lambda c: c.call_average or ""),
        line("Respondents rating the call", lambda c: c.call_answered),
        line("Clear understanding of next steps", lambda c: c.next_steps_yes),
        line("Respondents answering about next steps", lambda c: c.next_steps_answered),
        line("Average rating of support services", lambda c: c.services_average or ""),
        line("Respondents rating support services", lambda c: c.services_answered),
        line("Asked for a team manager to contact them", lambda c: c.manager_requests),
    ]
    before, after = columns
    return csv_response(f"post-order-survey-{_slug(before.period)}-and-{_slug(after.period)}.csv", rows)


@bp.route("/surveys/comments")
@allow(MANAGERS_AND_ADMINS)
@reads(KIND, PERIOD, PAGE)
def survey_comments():
    kind = SurveyKind(KIND.read())
    period = PERIOD.read()
    try:
        page = reporting.comments(kind=kind, period=period, page=page_number())
    except surveys.NotEnoughResponses:
        page = None

    def page_url(number: int) -> str:
        return url_for("staff.reports.survey_comments", kind=kind.value, period=period.label, page=number)

    return render_template(
        "staff/reports/comments.html", page=page, kind=kind, period=period, page_url=page_url
    )


@bp.route("/surveys/published", methods=["GET", "POST"])
@allow(MANAGERS_AND_ADMINS)
def published_figures():
    form = PublishedFiguresForm()
    if form.validate_on_submit():
        try:
            reporting.record_published_figures(
                period_label=form.period.data,
                respondents=form.respondents.data,
                percentages={q.key: form[q.field_name].data for q in surveys.PRE_ORDER_STATEMENTS},
                actor_id=current_user.id,
            )
        except surveys.InvalidPeriod as error:
            form.period.errors.append(str(error))
        except surveys.InvalidAnswers as error:
            form.respondents.errors.append(str(error))
        else:
            flash("Published figures saved", "success")
            return redirect(url_for("staff.reports.published_figures"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "staff/reports/published.html",
        form=form,
        statements=surveys.PRE_ORDER_STATEMENTS,
        periods=reporting.published_periods(),
    ), status


@bp.route("/surveys/manager-follow-ups")
@allow(MANAGERS_AND_ADMINS)
@reads(PAGE)
def manager_follow_ups():
    page = surveys.manager_follow_ups(page=page_number())
    return render_template(
        "staff/reports/manager_follow_ups.html",
        page=page,
        page_url=lambda number: url_for("staff.reports.manager_follow_ups", page=number),
    )
