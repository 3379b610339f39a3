"""Reading the query string the same way on every page."""

from __future__ import annotations

from flask import request

MAX_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """The page asked for; anything that is not a plain number means page 1."""
    raw = request.args.get(name, "1")
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_PAGE:
        return int(raw)
    return 1
