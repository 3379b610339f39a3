"""The demo data's commands: ``flask seed-demo`` for a demo site and
``flask seed-bulk`` for benchmarks. Never for a real agency's site."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.cli import in_one_transaction
from portal.dev import bulk, demo


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create demo data (idempotent) and print the demo sign-ins."""
    sign_ins = in_one_transaction(demo.seed)
    click.echo(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD})")
    for role, email in sign_ins:
        click.echo(f"  {role:<15} {email}")
    click.echo(
        f"Demo authenticator secret: {demo.DEMO_AUTHENTICATOR_SECRET} "
        "(staff and the peer connector: add it to an authenticator app for the code after the password)"
    )


@click.command("seed-bulk")
@click.option("--items", default=100_000, show_default=True, help="Queue items to add")
@click.option("--years", default=5, show_default=True, help="Years of history")
@with_appcontext
def seed_bulk(items: int, years: int) -> None:
    """Fill the database for benchmarks (after seed-demo). Never on a real site."""
    counts = in_one_transaction(lambda: bulk.seed_bulk(items=items, years=years))
    click.echo(", ".join(f"{count} {name}" for name, count in counts.items()))


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_bulk)
