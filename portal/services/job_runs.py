"""When each scheduled job last finished: written by every job, read by the
deployment check to tell whether the timer that runs them works."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import JobRun
from portal.services import clock


def record(name: str) -> None:
    """This job has just finished; two hosts finishing at once both succeed."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    now = clock.now()
    statement = dialect.insert(JobRun).values(name=name, last_finished_at=now)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=[JobRun.name], set_={"last_finished_at": now})
    )


def last_finished() -> dict[str, datetime]:
    return {name: at for name, at in db.session.execute(select(JobRun.name, JobRun.last_finished_at))}
