"""Flask commands: the other edge of the app, beside web requests."""

from __future__ import annotations

import csv
import signal
import sys
import time

import click
from flask import Flask, current_app

from portal.database import writing
from portal.downloads import safe_cell
from portal.extensions import db
from portal.services import annual_report, notify
from portal.services.financial_year import FinancialYear


def init_app(app: Flask) -> None:
    @app.cli.command("send-emails")
    @click.option("--batch-size", default=50, show_default=True)
    @click.option("--loop", is_flag=True, help="Keep sending: the long-running sender process.")
    @click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds with --loop.")
    @click.option("--max-seconds", type=float, help="With --loop, stop after this long.")
    def send_emails(batch_size: int, loop: bool, interval: float, max_seconds: float | None) -> None:
        """Deliver the email outbox (safe to run on several hosts at once)."""
        stopping = []
        if loop:
            # systemd and Procfile runners stop with SIGTERM: finish the message in hand first.
            signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        while True:
            with writing():
                transport = notify.transport_from_config(current_app.config)
                result = notify.deliver_pending(transport=transport, batch_size=batch_size)
            db.session.remove()
            if result.sent or result.retrying or result.failed or not loop:
                click.echo(f"sent {result.sent}, retrying {result.retrying}, failed {result.failed}")
            if not loop:
                return
            next_round = time.monotonic() + interval
            while not stopping and time.monotonic() < next_round:
                if deadline is not None and time.monotonic() >= deadline:
                    return
                time.sleep(min(0.2, interval))
            if stopping:
                return

    @app.cli.command("offer-places")
    def offer_places() -> None:
        """Lapse event offers not accepted in time and offer the places to the
        next people waiting (safe to run twice, or on several hosts)."""
        from portal.services import events

        with writing():
            lapsed = events.pass_on_lapsed_offers()
            db.session.commit()
        click.echo(f"{lapsed} lapsed offers passed on")

    @app.cli.command("send-reminders")
    def send_reminders() -> None:
        """Email a reminder to everyone booked on an event starting within 2 days, once."""
        from portal.services import events

        with writing():
            sent = events.send_reminders()
            db.session.commit()
        click.echo(f"{sent} reminders queued")

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.argument("full_name")
    def create_admin(email: str, full_name: str) -> None:
        """Create an admin and print their single-use link to set a password."""
        from portal.services import accounts

        with writing():
            try:
                path = accounts.create_admin(email=email, full_name=full_name)
            except accounts.DomainError as error:
                raise click.ClickException(str(error)) from error
            db.session.commit()
        click.echo(f"Admin created. Set a password within 72 hours at {current_app.config['BASE_URL']}{path}")

    @app.cli.command("raise-stale-applicants")
    def raise_stale_applicants() -> None:
        """Raise "no recent update" items for applicants waiting without news (idempotent)."""
        from portal.services import journey

        with writing():
            raised = journey.raise_stale_applicant_items()
            db.session.commit()
        click.echo(f"raised {raised}")

    @app.cli.command("raise-catch-up-calls")
    def raise_catch_up_calls() -> None:
        """Queue catch-up calls 30 days before they are due and remind families 14 days before."""
        from portal.services import catchup_job

        with writing():
            raised, reminded = catchup_job.raise_due_calls()
            db.session.commit()
        click.echo(f"raised {raised}, reminded {reminded}")

    @app.cli.command("lapse-connector-proposals")
    def lapse_connector_proposals() -> None:
        """Return peer connector links not answered in 5 working days to the
        queue as "link not answered" (idempotent; safe on several hosts)."""
        from portal.services import connectors

        with writing():
            lapsed = connectors.lapse_unanswered_proposals()
            db.session.commit()
        click.echo(f"lapsed {lapsed}")

    @app.cli.command("send-survey-invitations")
    def send_survey_invitations() -> None:
        """Email due survey invitations and reminders, and add answered surveys
        to the results in shuffled batches (idempotent; safe on several hosts)."""
        from portal.services import surveys

        with writing():
            result = surveys.send_due_invitations()
            db.session.commit()
            sealed = surveys.seal_responses()
            db.session.commit()
        click.echo(
            f"invitations sent {result.sent}, reminders sent {result.reminded}, "
            f"cancelled {result.cancelled}, responses added to the results {sealed}"
        )

    @app.cli.command("apply-retention")
    def apply_retention() -> None:
        """Blank or delete personal details past their retention period
        (Config.RETENTION_DAYS); idempotent and safe on several hosts."""
        from portal.services import retention

        with writing():
            result = retention.apply(days=current_app.config["RETENTION_DAYS"])
            db.session.commit()
        click.echo(
            f"information pack requests {result.pack_requests}, emails {result.emails}, "
            f"sign-in failures {result.sign_in_failures}"
        )

    @app.cli.command("report")
    @click.argument("name", type=click.Choice(sorted(annual_report.TABLES)))
    @click.option("--year", "year_label", required=True, help="Financial year, e.g. 2024 or 2024/25")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a text table")
    def report(name: str, year_label: str, as_csv: bool) -> None:
        """Print one of the annual report's tables, as on /staff/reports/annual."""
        try:
            year = FinancialYear.parse(year_label)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--year") from error
        table = annual_report.table(name, year)
        rows = [table.columns, *table.rows]
        if as_csv:
            writer = csv.writer(sys.stdout)
            writer.writerows([[safe_cell(value) for value in row] for row in rows])
            return
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(table.columns))]
        click.echo(table.title)
        for row in rows:
            click.echo("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)))

    @app.cli.command("seed-bulk")
    @click.option("--items", default=100_000, show_default=True, help="Queue items to add")
    @click.option("--years", default=5, show_default=True, help="Years of history")
    def seed_bulk(items: int, years: int) -> None:
        """Fill the database for benchmarks (after seed-demo). Never on a real site."""
        from portal import bulk

        with writing():
            counts = bulk.seed_bulk(items=items, years=years)
            db.session.commit()
        click.echo(", ".join(f"{count} {name}" for name, count in counts.items()))

    scheduled_jobs = (
        offer_places,
        send_reminders,
        raise_stale_applicants,
        raise_catch_up_calls,
        lapse_connector_proposals,
        send_survey_invitations,
        apply_retention,
    )

    @app.cli.command("run-jobs")
    @click.pass_context
    def run_jobs(ctx: click.Context) -> None:
        """Run every scheduled job once, in order, each in its own transaction
        (for a timer; each job is safe to run on several hosts at once). A job
        that fails is rolled back and reported; the others still run."""
        failed = []
        for job in scheduled_jobs:
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

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Create demo data (idempotent) and print the demo sign-ins."""
        from portal import demo

        with writing():
            sign_ins = demo.seed()
            db.session.commit()
        click.echo(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD})")
        for role, email in sign_ins:
            click.echo(f"  {role:<15} {email}")
        click.echo(
            f"Demo authenticator secret: {demo.DEMO_AUTHENTICATOR_SECRET} "
            "(staff and the peer connector: add it to an authenticator app for the code after the password)"
        )
