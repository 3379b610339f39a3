"""CSV downloads: the one CSV writer, sent as an attachment."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response

from portal.services.spreadsheet import csv_text


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> Response:
    return Response(
        csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
