"""Going through a file's rows: each kind of spreadsheet and how it is read,
what importing the rows would do (the preview), and importing some of them
in this transaction (the worker imports a file a chunk of rows at a time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from portal.models import ImportBatch, ImportKind
from portal.services.errors import Conflict
from portal.services.imports import connectors, household_rows, households, people, staff
from portal.services.imports.cells import Problem
from portal.services.imports.files import Row, read_rows


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


@dataclass
class Outcome:
    """What importing a batch's rows does (a preview) or did."""

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


def rows_of(batch: ImportBatch) -> list[Row]:
    if batch.content is None:  # kept only until the file is imported
        raise Conflict("This file has already been imported")
    return read_rows(batch.file_name, batch.content, KINDS[batch.kind].columns)


def _go_through(batch: ImportBatch, rows: list[Row], *, write: bool, actor_id: int) -> Outcome:
    spec = KINDS[batch.kind]
    outcome = Outcome(batch=batch, rows=len(rows))
    known = spec.known_for(rows)
    parsed = []
    for row in rows:
        read, problems = spec.parse(row, known)
        outcome.problems.extend(problems)
        if read is not None:
            parsed.append(read)
    if not write:  # a chunk's rows are checked against the whole file's before the first chunk
        outcome.problems.extend(spec.within_file(rows))
    outcome.problems.sort(key=lambda problem: problem.row)
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
    return outcome


def check(batch: ImportBatch, *, actor_id: int, rows: list[Row] | None = None) -> Outcome:
    """What importing the whole file (its ``rows``, if read already) would do now, writing nothing."""
    return _go_through(batch, rows_of(batch) if rows is None else rows, write=False, actor_id=actor_id)


def import_rows(batch: ImportBatch, rows: list[Row], *, actor_id: int) -> Outcome:
    """Import these rows in this transaction; if any now has a problem
    (the portal's data changed since the file was checked), write nothing."""
    return _go_through(batch, rows, write=True, actor_id=actor_id)
