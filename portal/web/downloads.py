"""CSV downloads: the one CSV writer, sent as an attachment Excel opens right."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response

from portal.services.spreadsheet import csv_for_excel


def csv_response(filename: str, rows: Iterable[Iterable[object]]) -> Response:
    return Response(
        csv_for_excel(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
