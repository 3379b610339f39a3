"""Reading an uploaded spreadsheet, CSV or XLSX, into rows of text keyed by
column name, and writing the empty templates people fill in."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zipfile import BadZipFile, ZipFile

from openpyxl import Workbook, load_workbook

from portal.services.errors import DomainError
from portal.services.spreadsheet import csv_text

# Each household names up to two emails: 20,000 values stay within what one SQLite query takes.
MAX_ROWS = 10_000
# An .xlsx is a zip: one that unpacks to more than this is refused before it is read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class UnreadableFile(DomainError):
    pass


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str]


def _column_name(heading: object) -> str:
    return "_".join(str(heading or "").strip().lower().replace("-", " ").split())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableFile("The file is not text: save it as CSV (UTF-8) or XLSX") from error
    return list(csv.reader(io.StringIO(text)))


def _xlsx_lines(content: bytes) -> list[list[object]]:
    try:
        unpacked = sum(member.file_size for member in ZipFile(io.BytesIO(content)).infolist())
    except (BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile("The file could not be opened as an Excel workbook (.xlsx)") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile("The workbook unpacks to more than a spreadsheet of 10,000 rows needs")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile("The file could not be opened as an Excel workbook (.xlsx)") from error
    try:
        return [list(line) for line in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _header(first_line: Sequence[object], columns: tuple[str, ...]) -> list[str]:
    header = [_column_name(heading) for heading in first_line]
    while header and not header[-1]:
        header.pop()
    missing = [column for column in columns if column not in header]
    if missing:
        raise UnreadableFile("The first row must name the template's columns; missing: " + ", ".join(missing))
    unknown = [heading for heading in header if heading not in columns]
    if unknown:
        raise UnreadableFile("Columns the template does not have: " + ", ".join(unknown))
    return header


def read_rows(file_name: str, content: bytes, columns: tuple[str, ...]) -> list[Row]:
    """The rows under the header, skipping empty ones. The header must name
    every column of the template (in any order); other columns are refused."""
    lines: list[Sequence[object]]
    if file_name.lower().endswith(".xlsx"):
        lines = [*_xlsx_lines(content)]
    elif file_name.lower().endswith(".csv"):
        lines = [*_csv_lines(content)]
    else:
        raise UnreadableFile("Choose a CSV or XLSX file")
    if not lines:
        raise UnreadableFile("The file is empty")
    header = _header(lines[0], columns)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {column: _text(line[i]) if i < len(line) else "" for i, column in enumerate(header)}
        if any(values.values()):
            rows.append(Row(number, values))
    if not rows:
        raise UnreadableFile("The file has a header but no rows")
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(f"The file has {len(rows)} rows: import at most {MAX_ROWS:,} at a time")
    return rows


def csv_template(columns: tuple[str, ...], example: tuple[str, ...]) -> bytes:
    return csv_text([list(columns), list(example)]).encode("utf-8")


def xlsx_template(columns: tuple[str, ...], example: tuple[str, ...]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    sheet.append(list(example))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
