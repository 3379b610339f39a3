"""Engine settings that keep SQLite honest under concurrent use.

WAL mode, foreign keys and a busy timeout on every connection; and a
transaction that may write begins with ``BEGIN IMMEDIATE``, because a deferred
transaction that reads and then upgrades to a write fails at once with
"database is locked", whatever the timeout.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import weakref
from collections.abc import Iterator

from flask import has_request_context, request
from sqlalchemy import Engine, event, text

BUSY_TIMEOUT_MS = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_writing = contextvars.ContextVar("portal_writing", default=False)
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_the_parents_connections() -> None:
    """A process forked from one that had connections open (gunicorn's workers,
    forked from the master that preloaded the app) opens its own: two processes
    talking over one socket would read each other's answers."""
    for engine in list(_engines):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_the_parents_connections)


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Mark work outside a request (CLI commands, jobs) as work that writes."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _may_write() -> bool:
    if _writing.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


def job_lock(session, name: str) -> None:
    """Let one host at a time run the scheduled job ``name`` in this transaction.

    PostgreSQL takes a transaction-level advisory lock, released at commit;
    SQLite needs none, as a writing transaction already begins IMMEDIATE.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


# ANALYZE samples this many rows of each index instead of reading it whole, so
# the job stays short on a large database (https://sqlite.org/lang_analyze.html).
ANALYSIS_ROW_LIMIT = 1000


def refresh_planner_statistics(session) -> str:
    """Give SQLite's query planner statistics of the tables as they are now.

    Without them SQLite sorts every open queue item for the queue's first page
    instead of walking its index. PostgreSQL's autovacuum keeps its own.
    """
    if session.get_bind().dialect.name != "sqlite":
        return "PostgreSQL keeps its own statistics (autovacuum)"
    session.execute(text(f"PRAGMA analysis_limit = {ANALYSIS_ROW_LIMIT}"))
    session.execute(text("ANALYZE"))
    return "statistics refreshed"


def configure_engine(engine: Engine) -> None:
    _engines.add(engine)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, start transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")
