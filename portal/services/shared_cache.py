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

from portal.extensions import db
from portal.models.shared_data import SHARED_TABLES, SharedDataVersion

T = TypeVar("T")

_CHANGED = "shared_data_changed"
_VERSION = "shared_data_version"
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
    event.listen(engine, "checkin", lambda _dbapi, record: _forget_info(record.info))


def _note_write(connection: Connection, _cursor, statement: str, *_args) -> None:
    if _WRITES.match(statement):
        connection.info[_CHANGED] = True


def _bump_if_changed(connection: Connection) -> None:
    """As the transaction commits, last of all: its writes and the new number commit together.
    Taken last, the row's lock is never held while waiting for another lock."""
    if connection.info.pop(_CHANGED, False) and _has_version_row(connection):
        connection.exec_driver_sql("UPDATE shared_data_version SET version = version + 1 WHERE id = 1")
    connection.info.pop(_VERSION, None)


_engines_with_the_row: weakref.WeakSet[Engine] = weakref.WeakSet()


def _has_version_row(connection: Connection) -> bool:
    """False only while the migrations that make the row have not run yet."""
    if connection.engine not in _engines_with_the_row:
        if not inspect(connection).has_table(SharedDataVersion.__tablename__):
            return False
        _engines_with_the_row.add(connection.engine)
    return True


def _forget(connection: Connection) -> None:
    _forget_info(connection.info)


def _forget_info(info: dict) -> None:
    info.pop(_CHANGED, None)
    info.pop(_VERSION, None)


def _version(connection: Connection) -> int:
    if _VERSION not in connection.info:
        found = connection.execute(text("SELECT version FROM shared_data_version WHERE id = 1")).scalar()
        connection.info[_VERSION] = found or 0
    return connection.info[_VERSION]


def cached(key: str, load: Callable[[], T], *, still_right: Callable[[T], bool] | None = None) -> T:
    """The copy made at today's version (and ``still_right``, for what changes with the
    clock), or ``load()``'s value, kept. ``load`` returns objects detached from the session."""
    session = db.session
    if session.new or session.dirty or session.deleted:
        return load()
    connection = session.connection()
    if connection.info.get(_CHANGED):
        return load()
    version = _version(connection)
    entries = _caches.setdefault(connection.engine, {})
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
