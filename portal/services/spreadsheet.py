"""CSV text: the one writer behind every download, export and printed report,
safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without one
# "Zoë Ó'Brien" opens as "ZoÃ« Ã“'Brien".
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as written: text never read as a formula, and
    timestamps as ISO 8601 text with a "T", which Excel leaves alone (it would
    reformat "2026-12-02 14:30")."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_for_excel(rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file to hand to people: UTF-8 with the byte-order mark Excel needs."""
    return (BYTE_ORDER_MARK + csv_text(rows)).encode("utf-8")
