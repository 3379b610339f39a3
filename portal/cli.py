"""Flask commands: the other edge of the app, beside web requests.

Scheduled jobs are registered with :func:`scheduled_job`: each runs its work in
one transaction (:func:`in_one_transaction`), prints what it did, and is run in
order by ``run-jobs``. Each module with commands of its own registers them
(the demo data's are in portal/dev/commands.py)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from typing import TypeVar

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal import database
from portal.database import writing
from portal.extensions import db
from portal.services import (
    accounts,
    catchup_job,
    connectors,
    deployment_check,
    email,
    events,
    job_runs,
    journey,
    reporting,
    retention,
    site,
    surveys,
)
from portal.services.errors import DomainError
from portal.services.financial_year import FinancialYear
from portal.services.spreadsheet import csv_text

SCHEDULED_JOBS: list[click.Command] = []
T = TypeVar("T")


def in_one_transaction(work: Callable[[], T]) -> T:
    """Run a job's work as a writer and commit it once, at the end."""
    with writing():
        result = work()
        db.session.commit()
    return result


def scheduled_job(name: str) -> Callable[[Callable[[], str]], click.Command]:
    """A command for the timer: its work returns the line to print."""

    def register(work: Callable[[], str]) -> click.Command:
        @click.command(name, help=work.__doc__)
        @with_appcontext
        def command() -> None:
            click.echo(in_one_transaction(work))
            in_one_transaction(lambda: job_runs.record(name))

        SCHEDULED_JOBS.append(command)
        return command

    return register


@scheduled_job("offer-places")
def offer_places() -> str:
    """Lapse event offers not accepted in time and offer the places to the
    next people waiting (safe to run twice, or on several hosts)."""
    return f"{events.pass_on_lapsed_offers()} lapsed offers passed on"


@scheduled_job("send-reminders")
def send_reminders() -> str:
    """Email a reminder 2 days before each session to everyone with a place, once per session."""
    return f"{events.send_reminders()} reminders queued"


@scheduled_job("raise-stale-applicants")
def raise_stale_applicants() -> str:
    """Raise "no recent update" items for applicants waiting without news (idempotent)."""
    return f"raised {journey.raise_stale_applicant_items()}"


@scheduled_job("raise-catch-up-calls")
def raise_catch_up_calls() -> str:
    """Queue catch-up calls 30 days before they are due and remind families 14 days before."""
    raised, reminded = catchup_job.raise_due_calls()
    return f"raised {raised}, reminded {reminded}"


@scheduled_job("lapse-connector-proposals")
def lapse_connector_proposals() -> str:
    """Return peer connector links not answered in 5 working days to the
    queue as "link not answered" (idempotent; safe on several hosts)."""
    return f"lapsed {connectors.lapse_unanswered_proposals()}"


@scheduled_job("send-survey-invitations")
def send_survey_invitations() -> str:
    """Email due survey invitations and reminders, and add answered surveys
    to the results in shuffled batches (idempotent; safe on several hosts)."""
    config = current_app.config
    result = surveys.send_due_invitations(
        link_days=config["SURVEY_LINK_DAYS"], reminder_days=config["SURVEY_REMINDER_DAYS"]
    )
    # Sent invitations are kept even if sealing the answers then fails.
    db.session.commit()
    sealed = surveys.seal_responses()
    return (
        f"invitations sent {result.sent}, reminders sent {result.reminded}, "
        f"cancelled {result.cancelled}, responses added to the results {sealed}"
    )


@scheduled_job("apply-retention")
def apply_retention() -> str:
    """Blank or delete personal details past their retention period
    (Config.RETENTION_DAYS); idempotent and safe on several hosts."""
    result = retention.apply(days=current_app.config["RETENTION_DAYS"])
    return (
        f"information pack requests {result.pack_requests}, emails {result.emails}, "
        f"sign-in failures {result.sign_in_failures}"
    )


@scheduled_job("refresh-planner-statistics")
def refresh_planner_statistics() -> str:
    """Refresh the database's query-planner statistics (SQLite; PostgreSQL's
    autovacuum keeps its own), so large queues stay fast."""
    return database.refresh_planner_statistics(db.session)


@click.command("run-jobs")
@with_appcontext
@click.pass_context
def run_jobs(ctx: click.Context) -> None:
    """Run every scheduled job once, in order, each in its own transaction
    (for a timer; each job is safe to run on several hosts at once). A job
    that fails is rolled back and reported; the others still run."""
    failed = []
    for job in SCHEDULED_JOBS:
        click.echo(f"{job.name}: ", nl=False)
        try:
            ctx.invoke(job)
        except Exception:
            db.session.rollback()
            current_app.logger.exception("scheduled job %s failed", job.name)
            click.echo("failed")
            failed.append(job.name)
        finally:
            db.session.remove()
    if failed:
        raise click.ClickException(f"failed: {', '.join(failed)}")


@click.command("send-emails")
@click.option("--batch-size", default=50, show_default=True)
@click.option("--loop", is_flag=True, help="Keep sending: the long-running sender process.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds with --loop.")
@click.option("--max-seconds", type=float, help="With --loop, stop after this long.")
@with_appcontext
def send_emails(batch_size: int, loop: bool, interval: float, max_seconds: float | None) -> None:
    """Deliver the email outbox (safe to run on several hosts at once)."""
    stopping = stop_on_sigterm(loop)
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    while True:
        with writing():
            transport = email.transport_from_config(current_app.config)
            result = email.deliver_pending(transport=transport, batch_size=batch_size)
        db.session.remove()
        in_one_transaction(lambda: job_runs.record(deployment_check.SENDER_JOB))
        if result.sent or result.retrying or result.failed or not loop:
            click.echo(f"sent {result.sent}, retrying {result.retrying}, failed {result.failed}")
        if not loop or wait_for_next_round(interval, deadline, stopping):
            return


def stop_on_sigterm(loop: bool) -> list[bool]:
    """systemd and Procfile runners stop with SIGTERM: a loop finishes the work in hand first."""
    stopping: list[bool] = []
    if loop:
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    return stopping


def wait_for_next_round(interval: float, deadline: float | None, stopping: list[bool]) -> bool:
    """Sleep until the next round; True when the sender should stop instead."""
    next_round = time.monotonic() + interval
    while not stopping and time.monotonic() < next_round:
        if deadline is not None and time.monotonic() >= deadline:
            return True
        time.sleep(min(0.2, interval))
    return bool(stopping)


@click.command("create-admin")
@click.argument("email")
@click.argument("full_name")
@with_appcontext
def create_admin(email: str, full_name: str) -> None:
    """Create an admin and print their single-use link to set a password."""
    try:
        hours = current_app.config["INVITATION_HOURS"]
        path = in_one_transaction(
            lambda: accounts.create_admin(email=email, full_name=full_name, link_hours=hours)
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Admin created. Set a password within {hours} hours at {site.link(path)}")


@click.command("check-deployment")
@with_appcontext
def check_deployment() -> None:
    """Name what is wrong with this deployment before going live; exits
    non-zero if anything blocks it."""
    checks = deployment_check.run(deployment_check.from_config(current_app.config))
    for check in checks:
        status = "ok  " if check.passed else ("FAIL" if check.blocking else "note")
        click.echo(f"{status}  {check.title}: {check.detail}")
    blocking = deployment_check.blocking(checks)
    if blocking:
        things = "1 thing blocks" if len(blocking) == 1 else f"{len(blocking)} things block"
        raise click.ClickException(f"{things} going live")
    click.echo("Nothing blocks going live.")


@click.command("report")
@click.argument("name", type=click.Choice(sorted(reporting.TABLES)))
@click.option("--year", "year_label", required=True, help="Financial year, e.g. 2024 or 2024/25")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a text table")
@with_appcontext
def report(name: str, year_label: str, as_csv: bool) -> None:
    """Print one of the annual report's tables, as on /staff/reports/annual."""
    try:
        year = FinancialYear.parse(year_label)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--year") from error
    table = reporting.table(name, year)
    rows = [table.columns, *table.rows]
    if as_csv:
        click.echo(csv_text(rows), nl=False)
        return
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(table.columns))]
    click.echo(table.title)
    for row in rows:
        click.echo("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)))


def init_app(app: Flask) -> None:
    # For the deployment check, on the command line and the admin's page alike.
    app.config["SCHEDULED_JOBS"] = tuple(job.name for job in SCHEDULED_JOBS)
    for command in (*SCHEDULED_JOBS, run_jobs, send_emails, create_admin, check_deployment, report):
        app.cli.add_command(command)
    from portal import import_commands

    import_commands.init_app(app)
    # The demo data's own commands; the only way into portal.dev.
    from portal.dev import commands as dev_commands

    dev_commands.init_app(app)
