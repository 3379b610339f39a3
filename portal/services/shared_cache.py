"""Copies, kept in each web process between requests, of what is the same for
every visitor: the agency's settings, the councils offered, the public event
listing and an event's page as a signed-out visitor sees it. Nothing personal.

Right on several processes and hosts: every transaction that writes to one of
the shared tables (``models.shared_data.SHARED_TABLES``, however it writes:
the unit of work, a bulk UPDATE, raw SQL) adds one to the ``shared_data_version``
row as it commits, in the same transaction. A request reads that number once,
with its first cached read, and uses a copy only if it was made at the same
number; so a change committed anywhere shows on the very next request
everywhere, at the cost of one primary-key read per request. (A time-to-live
would cost nothing per request but show stale places for its length, and the
listing's "places left" must be right when someone books the last one.)

A transaction that has itself changed shared data reads it from the database
for the rest of its work. The number is taken before the data, so a copy can
only be older than its number says, never newer: a race costs a reload, never
a stale page.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.shared_data import SHARED_TABLES, SharedDataVersion

T = TypeVar("T")

_CHANGED = "shared_data_changed"
_VERSION = "shared_data_version"
_CONNECTION = "shared_data_connection"
# Beyond this many copies (events no one visits any more) a process starts again.
MOST_ENTRIES = 500
_WRITES = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?("
    + "|".join(SHARED_TABLES)
    + r")\b\"?",
    re.IGNORECASE,
)
_caches: weakref.WeakKeyDictionary[Engine, dict[str, tuple[int, Any]]] = weakref.WeakKeyDictionary()


def install(engine: Engine) -> None:
    """Count the writes to the shared tables on this engine's connections."""
    _caches[engine] = {}
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _bump_if_changed)
    event.listen(engine, "rollback", _forget)
    event.listen(engine, "checkin", lambda _dbapi, record: record.info.pop(_CHANGED, None))
    if not event.contains(Session, "after_begin", _remember_connection):
        event.listen(Session, "after_begin", _remember_connection)
        event.listen(Session, "after_transaction_end", _forget_connection)
        event.listen(Session, "after_commit", _forget_version)
        event.listen(Session, "after_soft_rollback", lambda session, _transaction: _forget_version(session))


def _remember_connection(session: Session, _transaction, connection: Connection) -> None:
    session.info[_CONNECTION] = connection


def _forget_connection(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTION, None)


def _forget_version(session: Session) -> None:
    """Read again after each commit or rollback: a session's version lasts one transaction."""
    session.info.pop(_VERSION, None)


def _note_write(connection: Connection, _cursor, statement: str, *_args) -> None:
    if _WRITES.match(statement):
        connection.info[_CHANGED] = True


def _bump_if_changed(connection: Connection) -> None:
    """As the transaction commits, last of all: its writes and the new number commit together.
    Taken last, the row's lock is never held while waiting for another lock."""
    if connection.info.pop(_CHANGED, False) and _has_version_table(connection):
        connection.exec_driver_sql(_BUMP)


# An upsert: the row comes back if something emptied the table (a test's TRUNCATE).
_BUMP = (
    "INSERT INTO shared_data_version (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = shared_data_version.version + 1"
)
_engines_with_the_table: weakref.WeakSet[Engine] = weakref.WeakSet()


def _has_version_table(connection: Connection) -> bool:
    """False only while the migrations that make its table have not run yet."""
    if connection.engine not in _engines_with_the_table:
        if not inspect(connection).has_table(SharedDataVersion.__tablename__):
            return False
        _engines_with_the_table.add(connection.engine)
    return True


def _forget(connection: Connection) -> None:
    connection.info.pop(_CHANGED, None)


_READ_VERSION = text("SELECT version FROM shared_data_version WHERE id = 1")


def _version(session: Session, engine: Engine) -> int:
    """The version, read once per transaction. A session not yet in one on
    PostgreSQL reads it on its own in autocommit: one round trip, not the
    BEGIN, SELECT and ROLLBACK of a transaction a cached page would need only for it."""
    if _VERSION not in session.info:
        if session.info.get(_CONNECTION) is None and engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                found = (
                    connection.execution_options(isolation_level="AUTOCOMMIT").execute(_READ_VERSION).scalar()
                )
        else:
            found = session.connection().execute(_READ_VERSION).scalar()
        session.info[_VERSION] = found or 0
    return session.info[_VERSION]


def _changed_here(session: Session) -> bool:
    """This session's transaction has written to the shared tables."""
    if session.new or session.dirty or session.deleted:
        return True
    connection = session.info.get(_CONNECTION)
    return connection is not None and not connection.closed and bool(connection.info.get(_CHANGED))


def cached(key: str, load: Callable[[], T], *, still_right: Callable[[T], bool] | None = None) -> T:
    """The copy made at today's version (and ``still_right``, for what changes with the
    clock), or ``load()``'s value, kept. ``load`` returns objects detached from the session."""
    session = db.session()
    if _changed_here(session):
        return load()
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    version = _version(session, engine)
    entries = _caches.setdefault(engine, {})
    found = entries.get(key)
    if found is not None and found[0] == version and (still_right is None or still_right(found[1])):
        return found[1]
    value = load()
    if len(entries) >= MOST_ENTRIES:
        entries.clear()
    entries[key] = (version, value)
    return value


def detached(*objects: Any) -> None:
    """Take loaded objects out of the session, so they stay as loaded when it ends."""
    session = db.session
    for obj in objects:
        if obj is not None and obj in session:
            session.expunge(obj)
