"""Bringing in an agency's existing households, staff and peer connectors
from a spreadsheet (CSV or XLSX): a template to fill in, a preview that lists
every problem by row and column and says what will be created or updated,
then the import: queued for ``flask run-imports``, which imports it a chunk
of rows at a time with its progress for the status page (worker.py), and
audits it with its counts. Importing the same file again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import ImportBatch, ImportKind, ImportStatus
from portal.services import audit, clock
from portal.services.errors import Conflict, NotFound
from portal.services.imports.files import UnreadableFile, csv_template, read_rows, xlsx_template
from portal.services.imports.going_through import KINDS, Outcome, check
from portal.services.imports.worker import (
    CHUNK_ROWS,
    STALE_AFTER,
    begin,
    claim,
    file_rows,
    give_up,
    import_chunk,
    problems_now,
    release,
)

FILE_NAME_LENGTH = 200
# The preview lists this many problems and this many rows already in the portal.
SHOWN = 100


__all__ = [
    "CHUNK_ROWS",
    "KINDS",
    "STALE_AFTER",
    "SHOWN",
    "Outcome",
    "Progress",
    "UnreadableFile",
    "begin",
    "claim",
    "file_rows",
    "get",
    "give_up",
    "import_chunk",
    "longest_wait_for_a_worker",
    "preview",
    "problems_now",
    "progress",
    "queue",
    "recent",
    "release",
    "template",
    "upload",
]


def template(kind: ImportKind, extension: str) -> tuple[str, bytes]:
    """The file name and content of an empty template, with one example row."""
    spec = KINDS[kind]
    content = (xlsx_template if extension == "xlsx" else csv_template)(spec.columns, spec.example)
    return f"{kind.value}-template.{extension}", content


def upload(*, kind: ImportKind, file_name: str, content: bytes, actor_id: int) -> ImportBatch:
    """Keep the upload for its preview; nothing in it is imported yet."""
    file_name = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:FILE_NAME_LENGTH] or "upload"
    read_rows(file_name, content, KINDS[kind].columns)  # refuse an unreadable file at once
    batch = ImportBatch(
        kind=kind, file_name=file_name, content=content, created_by_id=actor_id, created_at=clock.now()
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def recent(limit: int = 20) -> list[ImportBatch]:
    return list(db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)))


def get(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("There is no such import")
    return batch


def preview(batch_id: int, *, actor_id: int) -> Outcome:
    """What importing would do, writing nothing; once imported, what it did."""
    batch = get(batch_id)
    if batch.status == ImportStatus.IMPORTED:
        return Outcome(
            batch=batch,
            rows=batch.row_count,
            created=batch.created_count,
            updated=batch.updated_count,
            unchanged=batch.unchanged_count,
        )
    return check(batch, actor_id=actor_id)


def queue(batch_id: int, *, actor_id: int) -> ImportBatch:
    """Queue a checked file for the importer (``flask run-imports``); a
    stopped import carries on from the rows it had imported."""
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id).with_for_update())
    if batch is None:
        raise NotFound("There is no such import")
    if batch.status == ImportStatus.IMPORTED:
        raise Conflict("This file has already been imported")
    if batch.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING):
        return batch  # pressed twice: it is under way
    batch.status = ImportStatus.QUEUED
    batch.queued_by_id = actor_id
    batch.queued_at = clock.now()
    batch.stopped_because = None
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="import.queued",
        record_type="import_batch",
        record_id=batch.id,
        summary=f"{batch.kind.label} import queued",
    )
    return batch


@dataclass(frozen=True)
class Progress:
    """Where an import is, in the words the status page shows."""

    status: ImportStatus
    text: str
    rows_done: int
    row_count: int
    # Waiting longer than a worker should take: none may be running.
    worker_overdue: bool

    @property
    def under_way(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING)


def progress(batch: ImportBatch) -> Progress:
    done, total = batch.rows_done, batch.row_count
    if batch.status == ImportStatus.QUEUED:
        text = f"Waiting to carry on: {done:,} of {total:,} rows imported" if done else "Waiting to start"
    elif batch.status == ImportStatus.IMPORTING:
        text = f"Importing: {done:,} of {total:,} rows" if total else "Checking the file again"
    elif batch.status == ImportStatus.IMPORTED:
        text = f"Imported: {total:,} rows"
    elif batch.status == ImportStatus.STOPPED:
        text = f"Stopped: {done:,} of {total:,} rows imported"
    else:
        text = "Checked, not imported"
    since = _waiting_since(batch.status, batch.queued_at, batch.heartbeat_at)
    overdue = since is not None and clock.now() - since > STALE_AFTER
    return Progress(batch.status, text, done, total, overdue)


def _waiting_since(
    status: ImportStatus, queued_at: datetime | None, heartbeat_at: datetime | None
) -> datetime | None:
    """Since when a queued import has waited for a worker, or a running one
    has heard nothing from its worker; None once it has ended."""
    return {ImportStatus.QUEUED: queued_at, ImportStatus.IMPORTING: heartbeat_at}.get(status)


def longest_wait_for_a_worker(now: datetime) -> timedelta | None:
    """How long the import waiting longest for a worker has waited (the
    deployment check: longer than STALE_AFTER means no importer is running).
    Reads the three columns only, never the uploads themselves."""
    waiting = db.session.execute(
        select(ImportBatch.status, ImportBatch.queued_at, ImportBatch.heartbeat_at).where(
            ImportBatch.status.in_([ImportStatus.QUEUED, ImportStatus.IMPORTING])
        )
    )
    waits = [now - since for since in (_waiting_since(*row) for row in waiting) if since is not None]
    return max(waits, default=None)
