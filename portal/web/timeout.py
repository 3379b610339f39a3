"""Idle sessions: how long each person may be idle, the keep-alive behind the
timeout warning's "Stay signed in", and a form sent after the session ended.

A form that arrives after its sender's session timed out, at a page marked
with :func:`keeps_typed_forms`, is not lost: its fields (never passwords, the
CSRF token or files) are kept on the server (portal/services/kept_forms.py)
under a random token, which is all the signed-out cookie holds. Signing in
again as the same person carries the token into the new session and returns them to that page, where
:func:`take_typed` fills the form in once. Typed text never goes in a URL.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, request, session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from portal.models import User
from portal.services import kept_forms
from portal.web.access import EVERY_ROLE, allow

# Set when an idle session ends ({"minutes": …, and "token", "path" of a kept
# form}); after signing in again, only the kept form's "token" and "path".
TIMED_OUT_KEY = "timed_out"
NEVER_KEPT = frozenset({"csrf_token"})
KEEPS_ATTRIBUTE = "_portal_keeps_typed_forms"

bp = Blueprint("session", __name__)


@bp.route("/session/keep-alive", methods=["POST"])
@allow(EVERY_ROLE)
def keep_alive():
    """Any signed-in request restarts the idle clock; this one does nothing else."""
    return "", 204


def idle_minutes(user: User) -> int:
    return current_app.config["STAFF_IDLE_MINUTES" if user.is_staff else "HOUSEHOLD_IDLE_MINUTES"]


def keeps_typed_forms(view: Callable) -> Callable:
    """Mark a page whose form, sent after a timeout, is kept and filled in again
    (its view builds the form with portal.web.forms.form_with_what_was_typed)."""
    setattr(view, KEEPS_ATTRIBUTE, True)
    return view


def note_signed_out(user_id: int, minutes: int) -> None:
    """Once an idle session has ended: say why, and keep the form this request sends."""
    note: dict = {"minutes": minutes}
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method == "POST" and getattr(view, KEEPS_ATTRIBUTE, False):
        token = kept_forms.keep(user_id=user_id, path=request.path, fields=_typed_fields())
        note.update({"token": token, "path": request.path} if token else {"too_long": True})
    session[TIMED_OUT_KEY] = note


def _typed_fields() -> dict[str, list[str]]:
    return {
        name: values
        for name, values in request.form.lists()
        if name not in NEVER_KEPT and "password" not in name.lower()
    }


def sign_in_notice() -> dict | None:
    """Why the sign-in page was shown, straight after an idle session ended."""
    note = session.get(TIMED_OUT_KEY)
    if request.args.get("timed_out") != "1" or not note or "minutes" not in note:
        return None
    return note


def carried_over() -> dict | None:
    """Read before a new session clears the old one."""
    return session.get(TIMED_OUT_KEY)


def carry_into_new_session(carried: dict | None, user: User) -> None:
    """A kept form goes into the new session only for the person who typed it."""
    kept_forms.discard_expired()
    if not carried or not carried.get("token"):
        return
    if kept_forms.is_kept_for(token=carried["token"], user_id=user.id):
        session[TIMED_OUT_KEY] = {"token": carried["token"], "path": carried["path"]}
    else:
        kept_forms.discard(carried["token"])


def return_path() -> str | None:
    """Where to go after signing in again: the page whose form was kept."""
    kept = session.get(TIMED_OUT_KEY)
    return kept.get("path") if kept and kept.get("token") else None


def take_typed() -> MultiDict | None:
    """The fields kept for this page, once; afterwards the form starts as usual."""
    kept = session.get(TIMED_OUT_KEY)
    if request.method != "GET" or not current_user.is_authenticated:
        return None
    if not kept or not kept.get("token") or kept.get("path") != request.path:
        return None
    session.pop(TIMED_OUT_KEY)
    fields = kept_forms.fields_for(token=kept["token"], user_id=current_user.id)
    if fields is None:
        return None
    return MultiDict([(name, value) for name, values in fields.items() for value in values])
