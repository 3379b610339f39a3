"""Most pages take at most MAX_CONTENT_LENGTH (1 MiB); a view marked with
:func:`accepts_large_uploads` takes up to IMPORT_MAX_BYTES, so a spreadsheet
of 10,000 households can be uploaded without raising the limit everywhere."""

from __future__ import annotations

from collections.abc import Callable

from flask import Request, current_app

LARGE_UPLOADS = "_portal_large_uploads"


def accepts_large_uploads(view: Callable) -> Callable:
    setattr(view, LARGE_UPLOADS, True)
    return view


class PortalRequest(Request):
    # Read-only on purpose: the limit follows the view the request is for.
    @property  # type: ignore[misc]
    def max_content_length(self) -> int | None:  # type: ignore[override]
        view = current_app.view_functions.get(self.endpoint) if self.endpoint else None
        if view is not None and getattr(view, LARGE_UPLOADS, False):
            return current_app.config["IMPORT_MAX_BYTES"]
        return current_app.config["MAX_CONTENT_LENGTH"]
