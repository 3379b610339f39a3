"""Public pages as a signed-out visitor first sees them, rendered once per
process for as long as what they show stands (``services/shared_cache.py``:
the shared data's version, the London date and, for pages that change with
the clock, the moment they next change), then sent to every such visitor
with this request's own CSRF token and script nonce put in.

Only a plain GET of someone signed out, with no query string and no message
waiting to be shown, is shared; everything else renders as usual. What the
page shows is made from shared data alone, so nothing of one visitor reaches
another: the token and the nonce are rendered as holes and filled per request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from flask import g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.services import clock, shared_cache
from portal.web.templating import csp_nonce

# Made afresh by each process, so no page can contain them by chance.
_CSRF_HOLE = "csrf" + secrets.token_hex(16)
_NONCE_HOLE = "nonce" + secrets.token_hex(16)
_CSRF_FIELD = "csrf_token"


class _NotShared(Exception):
    """The page answered something other than an HTML page: send that as it is."""

    def __init__(self, response) -> None:
        self.response = response


def changes_at(moment: datetime) -> None:
    """The page being rendered shows something different from ``moment`` on
    (an event starts: it leaves the listing, booking closes)."""
    until = g.get("shared_page_until")
    g.shared_page_until = moment if until is None else min(until, moment)


def _shareable() -> bool:
    return (
        request.method == "GET"
        and not request.query_string
        and not current_user.is_authenticated
        and not session.get("_flashes")
    )


def shared_page(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _shareable():
            return view(*args, **kwargs)

        def render() -> tuple[int, str, datetime | None]:
            g.csp_nonce, g.csrf_token, g.shared_page_until = _NONCE_HOLE, _CSRF_HOLE, None
            try:
                response = make_response(view(*args, **kwargs))
            finally:
                until = g.pop("shared_page_until", None)
                del g.csp_nonce, g.csrf_token
            if response.mimetype != "text/html" or response.status_code >= 300:
                raise _NotShared(response)
            return response.status_code, response.get_data(as_text=True), until

        try:
            status, html, _until = shared_cache.cached(
                f"page:{request.path}:{clock.today().isoformat()}",
                render,
                still_right=lambda found: found[2] is None or clock.now() < found[2],
            )
        except _NotShared as not_shared:
            return not_shared.response
        if _CSRF_HOLE in html:
            html = html.replace(_CSRF_HOLE, generate_csrf())
        return html.replace(_NONCE_HOLE, csp_nonce()), status

    return wrapper
