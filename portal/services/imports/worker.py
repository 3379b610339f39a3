"""Importing a queued file outside the web request (``flask run-imports``),
a chunk of rows at a time. Each chunk is its own transaction and commits its
rows with the import's counts, so the status page shows real progress and a
stopped import carries on where it stopped: the rows are keyed (a reference,
an email), so the result is the same as importing the file in one go.

The caller commits after each step. An import is claimed by one worker by a
conditional update (only while it is still queued, or its worker has been
silent longer than ``stale_after``), and each chunk first locks the import
and checks the claim is still this worker's, so on several hosts no two
workers write the same import."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update

from portal.extensions import db
from portal.models import ImportBatch, ImportStatus
from portal.services import audit, clock
from portal.services.errors import NotFound
from portal.services.imports.files import Row
from portal.services.imports.going_through import check, import_rows, rows_of

CHUNK_ROWS = 500
# A worker commits a chunk every second or two; one silent this long has stopped.
STALE_AFTER = timedelta(minutes=2)


def _free(stale_after: timedelta):
    return or_(
        ImportBatch.status == ImportStatus.QUEUED,
        and_(
            ImportBatch.status == ImportStatus.IMPORTING,
            ImportBatch.heartbeat_at < clock.now() - stale_after,
        ),
    )


def claim(worker: str, *, stale_after: timedelta = STALE_AFTER) -> int | None:
    """The id of the oldest import waiting (or whose worker went silent),
    now this worker's; None when there is none."""
    waiting = select(ImportBatch.id).where(_free(stale_after)).order_by(ImportBatch.id)
    for batch_id in list(db.session.scalars(waiting)):
        taken = cast(
            "CursorResult[Any]",
            db.session.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_id, _free(stale_after))
                .values(status=ImportStatus.IMPORTING, claimed_by=worker, heartbeat_at=clock.now())
                .execution_options(synchronize_session=False)
            ),
        )
        if taken.rowcount == 1:
            return batch_id
    return None


def _held(batch_id: int, worker: str) -> ImportBatch | None:
    """The import, locked, if this worker still holds it."""
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id).with_for_update())
    if batch is None or batch.status != ImportStatus.IMPORTING or batch.claimed_by != worker:
        return None
    return batch


def _stop(batch: ImportBatch, because: str) -> None:
    batch.status = ImportStatus.STOPPED
    batch.claimed_by = None
    batch.stopped_because = because


def _so_far(batch: ImportBatch) -> str:
    if not batch.rows_done:
        return "Nothing was imported."
    return f"The first {batch.rows_done:,} rows of {batch.row_count:,} were imported."


def file_rows(batch_id: int) -> list[Row]:
    """The file's rows, read once for all its chunks (the upload does not change)."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("There is no such import")
    return rows_of(batch)


def problems_now(batch_id: int, rows: list[Row]) -> int:
    """How many of the file's rows have problems against the portal as it is
    now (it changes after the preview); read only, so the caller may run it
    outside a writing transaction and keep SQLite's writers waiting less."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("There is no such import")
    outcome = check(batch, actor_id=batch.queued_by_id or batch.created_by_id, rows=rows)
    return len({problem.row for problem in outcome.problems})


def begin(batch_id: int, worker: str, *, rows: int, problems: int) -> bool:
    """Start writing the file's ``rows`` rows, unless ``problems`` (from
    :func:`problems_now`); True to go on, False if it stopped (or is no longer
    this worker's)."""
    batch = _held(batch_id, worker)
    if batch is None:
        return False
    batch.row_count = rows
    batch.heartbeat_at = clock.now()
    if problems:
        _stop(
            batch,
            f"{_so_far(batch)} Since the file was checked, the portal's records changed, so "
            + ("1 row now has a problem" if problems == 1 else f"{problems:,} rows now have problems")
            + " (listed below). Correct the file and upload it again: rows already imported "
            "will show as unchanged.",
        )
        return False
    return True


def import_chunk(batch_id: int, worker: str, rows: list[Row], *, size: int = CHUNK_ROWS) -> bool:
    """Import the file's next ``size`` rows with the counts; True while rows are left."""
    batch = _held(batch_id, worker)
    if batch is None:
        return False
    actor_id = batch.queued_by_id or batch.created_by_id
    chunk = rows[batch.rows_done : batch.rows_done + size]
    outcome = import_rows(batch, chunk, actor_id=actor_id)
    if not outcome.importable:
        first = outcome.problems[0]
        _stop(
            batch,
            f"{_so_far(batch)} Row {first.row} has a problem it did not have when the file was "
            "checked: the portal's records changed meanwhile. Correct the file and upload it again: "
            "rows already imported will show as unchanged.",
        )
        return False
    batch.rows_done += len(chunk)
    batch.created_count += outcome.created
    batch.updated_count += outcome.updated
    batch.unchanged_count += outcome.unchanged
    batch.heartbeat_at = clock.now()
    if batch.rows_done < batch.row_count:
        return True
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = clock.now()
    batch.content = None
    batch.claimed_by = None
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="import.completed",
        record_type="import_batch",
        record_id=batch.id,
        summary=(
            f"{batch.kind.label} import: {batch.row_count} rows; {batch.created_count} created, "
            f"{batch.updated_count} updated, {batch.unchanged_count} unchanged"
        ),
    )
    return False


def release(batch_id: int, worker: str) -> None:
    """A worker asked to stop hands its import back, to carry on at once elsewhere."""
    batch = _held(batch_id, worker)
    if batch is not None:
        batch.status = ImportStatus.QUEUED
        batch.claimed_by = None


def give_up(batch_id: int, worker: str) -> None:
    """After a fault in the portal (not the file): stop, saying what to do."""
    batch = _held(batch_id, worker)
    if batch is not None:
        _stop(
            batch,
            f"{_so_far(batch)} The import stopped because of a fault in the portal, not in your file. "
            "Choose “Carry on importing” to try the rest again; if it stops again, tell whoever runs "
            "the portal.",
        )
