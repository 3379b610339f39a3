"""Reading the CSV files people download, as Excel does: only a file that starts
with the UTF-8 byte-order mark is read as UTF-8."""

from __future__ import annotations

import csv
import io

BYTE_ORDER_MARK = "\ufeff".encode()


def csv_rows(response_or_bytes) -> list[list[str]]:
    data = response_or_bytes if isinstance(response_or_bytes, bytes) else response_or_bytes.get_data()
    assert data.startswith(BYTE_ORDER_MARK), "a CSV without a byte-order mark opens garbled in Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
