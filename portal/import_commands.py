"""``flask run-imports``: the importer, beside the email sender. It imports
the files admins queued on the imports pages, a chunk of rows a transaction,
so the status page shows how far each has got (services/imports/worker.py)."""

from __future__ import annotations

import os
import socket
import time
import uuid

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.cli import in_one_transaction, stop_on_sigterm, wait_for_next_round
from portal.extensions import db
from portal.services import imports


@click.command("run-imports")
@click.option("--loop", is_flag=True, help="Keep importing: the long-running importer process.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between looks with --loop.")
@click.option("--max-seconds", type=float, help="With --loop, stop after this long.")
@click.option("--chunk-rows", default=imports.CHUNK_ROWS, show_default=True, help="Rows a transaction.")
@with_appcontext
def run_imports(loop: bool, interval: float, max_seconds: float | None, chunk_rows: int) -> None:
    """Import the files admins queued, a chunk of rows a transaction (safe
    to run on several hosts at once: each import is claimed by one worker)."""
    stopping = stop_on_sigterm(loop)
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    while True:
        while not stopping and import_next(worker, chunk_rows, stopping):
            pass
        if not loop or wait_for_next_round(interval, deadline, stopping):
            return


def import_next(worker: str, chunk_rows: int, stopping: list[bool]) -> bool:
    """Import the next queued file; False when none was waiting. Asked to
    stop, the worker hands the import back after the chunk in hand."""
    batch_id = in_one_transaction(lambda: imports.claim(worker))
    if batch_id is None:
        return False
    try:
        # Read without taking SQLite's write lock: checking 10,000 rows takes seconds.
        rows = imports.file_rows(batch_id)
        problems = imports.problems_now(batch_id, rows)
        db.session.rollback()
        going = in_one_transaction(lambda: imports.begin(batch_id, worker, rows=len(rows), problems=problems))
        while going and not stopping:
            going = in_one_transaction(lambda: imports.import_chunk(batch_id, worker, rows, size=chunk_rows))
        if going:
            in_one_transaction(lambda: imports.release(batch_id, worker))
    except Exception as error:
        db.session.rollback()
        # The type only: a database error's text can hold a row's values.
        current_app.logger.error("import %s stopped by a fault: %s", batch_id, type(error).__name__)
        in_one_transaction(lambda: imports.give_up(batch_id, worker))
    click.echo(f"import {batch_id}: {imports.progress(imports.get(batch_id)).text}")
    db.session.remove()
    return True


def init_app(app: Flask) -> None:
    app.cli.add_command(run_imports)
