"""Bringing in an agency's existing households, staff and peer connectors
from a spreadsheet (CSV or XLSX): a template to fill in, a preview that lists
every problem by row and column and says what will be created or updated,
then the import in one transaction, audited with its counts. Importing the
same file again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.extensions import db
from portal.models import ImportBatch, ImportKind, ImportStatus
from portal.services import audit, clock
from portal.services.errors import Conflict, NotFound
from portal.services.imports import connectors, household_rows, households, people, staff
from portal.services.imports.cells import Problem
from portal.services.imports.files import UnreadableFile, csv_template, read_rows, xlsx_template


@dataclass(frozen=True)
class Kind:
    """How one kind of spreadsheet is read and imported."""

    columns: tuple[str, ...]
    example: tuple[str, ...]
    known_for: Callable  # what the portal holds that the rows name, read once
    parse: Callable  # a row, checked: (the row read, or None; its problems)
    within_file: Callable  # problems between the rows as typed: the same key twice
    key: Callable  # what finds a row's record again: a reference, an email
    existing_keys: Callable
    sync: Callable  # what importing a row does, and with write=True does it
    # Inserts in bulk what ``sync`` gathered, where a kind gathers (households: thousands).
    finish: Callable | None = None


KINDS = {
    ImportKind.HOUSEHOLDS: Kind(
        household_rows.COLUMNS,
        household_rows.EXAMPLE,
        household_rows.known_for,
        household_rows.parse,
        household_rows.within_file,
        household_rows.key,
        household_rows.existing_keys,
        households.sync,
        households.finish,
    ),
    **{
        kind: Kind(
            module.COLUMNS,
            module.EXAMPLE,
            people.known_for,
            module.parse,
            people.within_file,
            people.key,
            people.existing_keys,
            module.sync,
        )
        for kind, module in ((ImportKind.STAFF, staff), (ImportKind.CONNECTORS, connectors))
    },
}
FILE_NAME_LENGTH = 200
# The preview lists this many problems and this many rows already in the portal.
SHOWN = 100

__all__ = [
    "KINDS",
    "SHOWN",
    "Outcome",
    "UnreadableFile",
    "get",
    "preview",
    "recent",
    "run",
    "template",
    "upload",
]


@dataclass
class Outcome:
    """What importing a batch does (a preview) or did."""

    batch: ImportBatch
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (row number, the key that matched, what happens): duplicates found in the portal.
    already_there: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return not self.problems


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


def _go_through(batch: ImportBatch, *, write: bool, actor_id: int) -> Outcome:
    spec = KINDS[batch.kind]
    if batch.content is None:  # kept only until the file is imported
        raise Conflict("This file has already been imported")
    rows = read_rows(batch.file_name, batch.content, spec.columns)
    outcome = Outcome(batch=batch, rows=len(rows))
    known = spec.known_for(rows)
    parsed = []
    for row in rows:
        read, problems = spec.parse(row, known)
        outcome.problems.extend(problems)
        if read is not None:
            parsed.append(read)
    outcome.problems.extend(spec.within_file(rows))
    if outcome.problems and write:
        return outcome
    for read in parsed:
        existing = spec.key(read) in spec.existing_keys(known)
        result = spec.sync(read, known, write=write, actor_id=actor_id, batch_id=batch.id)
        setattr(outcome, result, getattr(outcome, result) + 1)
        if existing:
            outcome.already_there.append((read.number, spec.key(read), result))
    if write and spec.finish is not None:
        spec.finish(known)
    outcome.problems.sort(key=lambda problem: problem.row)
    return outcome


def preview(batch_id: int, *, actor_id: int) -> Outcome:
    """What importing would do, writing nothing."""
    batch = get(batch_id)
    if batch.status == ImportStatus.IMPORTED:
        return Outcome(
            batch=batch,
            rows=batch.row_count,
            created=batch.created_count,
            updated=batch.updated_count,
            unchanged=batch.unchanged_count,
        )
    return _go_through(batch, write=False, actor_id=actor_id)


def run(batch_id: int, *, actor_id: int) -> Outcome:
    """Import the previewed file in this one transaction, if it has no problems."""
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.id == batch_id).with_for_update())
    if batch is None:
        raise NotFound("There is no such import")
    if batch.status == ImportStatus.IMPORTED:
        raise Conflict("This file has already been imported")
    outcome = _go_through(batch, write=True, actor_id=actor_id)
    if not outcome.importable:
        return outcome
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = clock.now()
    batch.content = None
    batch.row_count = outcome.rows
    batch.created_count, batch.updated_count, batch.unchanged_count = (
        outcome.created,
        outcome.updated,
        outcome.unchanged,
    )
    db.session.flush()
    audit.record(
        actor_id=actor_id,
        action="import.completed",
        record_type="import_batch",
        record_id=batch.id,
        summary=(
            f"{batch.kind.label} import: {outcome.rows} rows; {outcome.created} created, "
            f"{outcome.updated} updated, {outcome.unchanged} unchanged"
        ),
    )
    return outcome
