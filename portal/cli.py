"""Flask commands: the other edge of the app, beside web requests."""

from __future__ import annotations

import click
from flask import Flask, current_app

from portal.database import writing
from portal.extensions import db
from portal.services import notify


def init_app(app: Flask) -> None:
    @app.cli.command("send-emails")
    @click.option("--batch-size", default=50, show_default=True)
    def send_emails(batch_size: int) -> None:
        """Deliver the email outbox (safe to run on several hosts at once)."""
        with writing():
            transport = notify.transport_from_config(current_app.config)
            result = notify.deliver_pending(transport=transport, batch_size=batch_size)
        click.echo(f"sent {result.sent}, retrying {result.retrying}, failed {result.failed}")

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
