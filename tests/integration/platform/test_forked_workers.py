"""gunicorn forks its workers from a master that has imported the app: a worker
must open database connections of its own, never talk over the master's."""

from __future__ import annotations

import gc
import os

from sqlalchemy import text

from portal.extensions import db


def test_a_forked_worker_opens_its_own_connections_not_the_masters(app):
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert db.engine.pool.checkedin() == 1  # the master's, kept in its pool

    child = os.fork()
    if child == 0:  # the worker
        try:
            kept = db.engine.pool.checkedin()
            with db.engine.connect() as connection:
                answered = connection.execute(text("SELECT 1")).scalar() == 1
            # Freeing what the worker inherited must not hang up the master's session.
            gc.collect()
            os._exit(0 if kept == 0 and answered else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0

    # The master's own connection is still there and still works.
    assert db.engine.pool.checkedin() == 1
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
