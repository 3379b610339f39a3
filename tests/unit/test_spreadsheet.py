"""What the agency's staff see when they open a download in Excel."""

import csv
import io
from datetime import UTC, date, datetime

from portal.services.spreadsheet import csv_for_excel


def _read_as_excel_does(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_name_with_accents_opens_as_written_in_excel():
    data = csv_for_excel([["Name"], ["Zoë Ó'Brien-Łukasz"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert _read_as_excel_does(data) == [["Name"], ["Zoë Ó'Brien-Łukasz"]]


def test_timestamps_are_iso_text_that_excel_does_not_reformat():
    at = datetime(2026, 12, 2, 14, 30, 5, 123456, tzinfo=UTC)
    rows = _read_as_excel_does(csv_for_excel([[at, date(2026, 12, 2)]]))
    assert rows == [["2026-12-02T14:30:05+00:00", "2026-12-02"]]


def test_text_that_looks_like_a_formula_stays_text():
    rows = _read_as_excel_does(csv_for_excel([['=HYPERLINK("x")', "-3 days", 7]]))
    assert rows == [['\'=HYPERLINK("x")', "'-3 days", "7"]]
