"""The query counter: how many SQL statements one page takes, so a test can
show that a page's queries do not grow with its rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event

from portal.extensions import db


@pytest.fixture
def count_queries(app) -> Callable[..., int]:
    """count_queries(client, path) -> the statements the page took to answer 200."""

    def _count(client, path: str) -> int:
        statements = []

        def record(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    return _count
