"""The query counter: how many SQL statements a request sends, so a test can
show that a page's queries do not grow with its rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event

from portal.extensions import db


class QueryCounter:
    """The statements sent while it is open (not the BEGIN SQLite needs)."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> QueryCounter:
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self._record)

    def _record(self, _connection, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.count += 1


@pytest.fixture
def count_queries(app) -> Callable[..., int]:
    """count_queries(client, path) -> the statements the page took to answer 200, asked
    for a second time: what every visitor sees the same is kept between requests once
    read (services/shared_cache.py), so the first time after a change reads it again."""

    def _count(client, path: str) -> int:
        assert client.get(path).status_code == 200
        with QueryCounter() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    return _count
