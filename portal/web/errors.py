"""Styled error pages. A CSRF failure gets a clear 400 page of its own."""

from __future__ import annotations

import traceback
from collections.abc import Sequence

from flask import Flask, g, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db, login_manager
from portal.services.errors import NotFound, PermissionDenied
from portal.web.query_args import BadQueryArgument

ERROR_PAGES = {
    400: ("There is a problem with your request", "Check what you entered and try again."),
    403: (
        "You do not have permission to see this page",
        "If you think you should, contact the adoption team.",
    ),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("This page cannot do that", "Go back and try again from the page you were on."),
    409: (
        "Someone else changed this first",
        "Nothing was saved. Go back, reload the page to see the latest, and try again.",
    ),
    413: ("What you sent is too large", "Try again with less text or a smaller file."),
    429: ("You have tried too many times", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. What you saved before is safe."),
    503: ("Sorry, the service is unavailable", "Try again later. What you saved before is safe."),
}


def render_error(
    status: int, *, heading: str | None = None, message: str | None = None, problems: Sequence[str] = ()
):
    default_heading, default_message = ERROR_PAGES.get(status, ERROR_PAGES[500])
    return (
        render_template(
            "errors/error.html",
            status=status,
            heading=heading or default_heading,
            message=message or default_message,
            problems=[{"text": problem} for problem in problems],
        ),
        status,
    )


def _forget_user_if_unreadable() -> None:
    """The page's header asks who is signed in; with the database gone, show
    the signed-out header rather than fail a second time."""
    try:
        current_user.is_authenticated  # noqa: B018 - loads the user
    except SQLAlchemyError:
        db.session.rollback()
        g._login_user = login_manager.anonymous_user()


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_error(
            400,
            heading="Your form timed out or could not be checked",
            message="Go back, reload the page and try again. Nothing was saved.",
        )

    @app.errorhandler(BadQueryArgument)
    def _bad_query_argument(error: BadQueryArgument):
        return render_error(
            400,
            heading="There is a problem with the web address",
            message="Go back and choose again from the page, or start again from the menu.",
            problems=[str(error)],
        )

    @app.errorhandler(NotFound)
    def _not_found(error: NotFound):
        return render_error(404)

    @app.errorhandler(PermissionDenied)
    def _denied(error: PermissionDenied):
        return render_error(403, message=str(error))

    @app.errorhandler(StaleDataError)
    def _changed_meanwhile(error: StaleDataError):
        return render_error(409)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code if error.code in ERROR_PAGES else 400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DisconnectionError)
    def _database_unavailable(error: Exception):
        # The database went away mid-request: undo whatever this request had
        # begun, so nothing is half-written, and say so plainly.
        app.logger.error("database unavailable: %s", type(error).__name__)
        db.session.rollback()
        _forget_user_if_unreadable()
        return render_error(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.error("unhandled error: %s", describe(error))
        return render_error(InternalServerError.code)


def describe(error: BaseException) -> str:
    """An exception's types and stack, without its messages: those can hold
    what people typed (a database error quotes the row it refused)."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        stack = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__)))
        parts.append(f"{kind.__module__}.{kind.__qualname__}\n{stack}")
        current = current.__cause__ or current.__context__
    return "\ncaused by ".join(parts)
