"""Reports for managers and admins: the survey results as the agency
publishes them, each table also as CSV, and the figures of past printed
reports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.models.accounts import Role
from portal.models.surveys import SurveyKind
from portal.services import survey_reports, surveys
from portal.web.access import allow
from portal.web.downloads import csv_response
from portal.web.query_args import PAGE, choice, formatted, page_number, reads
from portal.web.staff.report_forms import PeriodsForm, PublishedFiguresForm

bp = Blueprint("reports", __name__, url_prefix="/reports")

REPORT_ROLES = (Role.MANAGER, Role.ADMIN)
NOT_SHOWN = "Not enough responses to show"


def _period(text: str) -> survey_reports.Period:
    try:
        return survey_reports.parse_period(text)
    except surveys.InvalidPeriod as error:
        raise ValueError(text) from error


def _period_argument(name: str, label: str, *, required: bool = False):
    return formatted(
        name, label, _period, required=required, example="2024/25",
        described="a financial year like 2024/25, or months like 2025-04 to 2025-09",
    )


PREVIOUS = _period_argument("previous", "Previous period")
LATEST = _period_argument("latest", "Latest period")
PERIODS = (PREVIOUS, LATEST)
KIND = choice("kind", "Survey", [kind.value for kind in SurveyKind], required=True)
PERIOD = _period_argument("period", "Period", required=True)


def _periods() -> tuple[PeriodsForm, tuple[survey_reports.Period, survey_reports.Period] | None]:
    """The two periods asked for, or the last two financial years."""
    default_previous, default_latest = survey_reports.default_periods()
    given = {argument.name: argument.raw() for argument in PERIODS}
    if not any(given.values()):
        form = PeriodsForm(formdata=None, previous=default_previous.label, latest=default_latest.label)
        return form, (default_previous, default_latest)
    form = PeriodsForm(formdata=None, **given)
    form.validate()
    # Each period given is checked, even when the other is missing.
    periods = []
    for field in (form.previous, form.latest):
        try:
            periods.append(survey_reports.parse_period(field.data) if not field.errors else None)
        except surveys.InvalidPeriod as error:
            field.errors.append(str(error))
    if form.errors:
        return form, None
    return form, tuple(periods)


@bp.route("")
@allow(REPORT_ROLES)
def index():
    return render_template("staff/reports/index.html")


def _results_page(form: PeriodsForm, *, pre=None, post=None, query=None, status: int = 200):
    return render_template(
        "staff/reports/surveys.html",
        form=form,
        pre=pre,
        post=post,
        query=query,
        minimum=surveys.MINIMUM_SHOWN,
        batch_minimum=surveys.BATCH_MINIMUM,
    ), status


@bp.route("/surveys")
@allow(REPORT_ROLES)
@reads(*PERIODS)
def survey_results():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    previous, latest = periods
    return _results_page(
        form,
        pre=survey_reports.pre_order_report(previous=previous, latest=latest),
        post=survey_reports.post_order_report(previous=previous, latest=latest),
        query={"previous": previous.label, "latest": latest.label},
    )


def _slug(period: survey_reports.Period) -> str:
    return period.label.replace("/", "-").replace(" ", "-")


def _not_shown_note(columns) -> str:
    """Number columns hold numbers or nothing; why a column is blank goes in a note."""
    hidden = [column.period.label for column in columns if not column.shown]
    return f"{NOT_SHOWN} for {' and '.join(hidden)}" if hidden else ""


def _cell(figure: survey_reports.Figure, column) -> list:
    if not column.shown:
        return ["", ""]
    return [
        "" if figure.percent is None else figure.percent,
        "" if figure.answered is None else figure.answered,
    ]


@bp.route("/surveys/pre-order.csv")
@allow(REPORT_ROLES)
@reads(*PERIODS)
def pre_order_csv():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    report = survey_reports.pre_order_report(previous=periods[0], latest=periods[1])
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
@allow(REPORT_ROLES)
@reads(*PERIODS)
def post_order_csv():
    form, periods = _periods()
    if periods is None:
        return _results_page(form, status=400)
    columns = survey_reports.post_order_report(previous=periods[0], latest=periods[1])
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
@allow(REPORT_ROLES)
@reads(KIND, PERIOD, PAGE)
def survey_comments():
    kind = SurveyKind(KIND.read())
    period = PERIOD.read()
    try:
        page = survey_reports.comments(kind=kind, period=period, page=page_number())
    except surveys.NotEnoughResponses:
        page = None

    def page_url(number: int) -> str:
        return url_for("staff.reports.survey_comments", kind=kind.value, period=period.label, page=number)

    return render_template(
        "staff/reports/comments.html", page=page, kind=kind, period=period, page_url=page_url
    )


@bp.route("/surveys/published", methods=["GET", "POST"])
@allow(REPORT_ROLES)
def published_figures():
    form = PublishedFiguresForm()
    if form.validate_on_submit():
        try:
            survey_reports.record_published_figures(
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
        periods=survey_reports.published_periods(),
    ), status


@bp.route("/surveys/manager-follow-ups")
@allow(REPORT_ROLES)
@reads(PAGE)
def manager_follow_ups():
    page = surveys.manager_follow_ups(page=page_number())
    return render_template(
        "staff/reports/manager_follow_ups.html",
        page=page,
        page_url=lambda number: url_for("staff.reports.manager_follow_ups", page=number),
    )
