"""Sessions: how one begins, which user a cookie names, and when it ends.

Every way in goes through :func:`begin_session`, so staff and connectors
always stop at the second factor; ``login_user`` is called in one place.

A session names the user and their session version; signing out, a password
change or deactivation bumps the version, so every old cookie stops working.
A session ends after a spell without a request: STAFF_IDLE_MINUTES for
staff, HOUSEHOLD_IDLE_MINUTES for everyone else (portal/web/timeout.py).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.extensions import login_manager
from portal.models import User
from portal.services import accounts, clock, second_factor
from portal.web import timeout
from portal.web.access import home_endpoint, safe_next_path

LAST_SEEN_KEY = "last_seen"
# Between the password and the second factor: who, and since when. Someone in
# this state is not signed in: Flask-Login knows nothing of them.
PENDING_KEY = "pending_sign_in"
PENDING_LIMIT = timedelta(minutes=10)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.session_protection = None  # the session version does this job

    @login_manager.user_loader
    def _load(identity: str) -> User | None:
        user_id, _, version = identity.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        return accounts.load_session_user(int(user_id), int(version))

    @app.before_request
    def _end_idle_sessions():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = clock.now().timestamp()
        last_seen = session.get(LAST_SEEN_KEY, now)
        minutes = timeout.idle_minutes(current_user)
        if now - last_seen > minutes * 60:
            user_id = current_user.id
            end_session()
            timeout.note_signed_out(user_id, minutes)
            return redirect(url_for("auth.sign_in", timed_out=1))
        session[LAST_SEEN_KEY] = now
        return None


def begin_session(user: User, next_path: str | None) -> str:
    """The only way a session begins, once someone has proved their password
    (signing in, accepting an invitation, resetting a password). Returns
    where to send them: a role with a second factor is not in yet, and goes
    to the code step, or to set up an app if they have none; anyone else is
    signed in and goes to ``next_path`` if it is safe, else their home.
    Nothing is carried over from before, but a form the same person sent
    after their last session timed out."""
    carried = timeout.carried_over()
    end_session()
    next_path = safe_next_path(next_path)
    if not user.needs_second_factor:
        return _signed_in(user, next_path, carried)
    second_factor.prepare(user)
    timeout.carry_into_new_session(carried, user)
    session[PENDING_KEY] = {
        "user": user.id,
        "version": user.session_version,
        "at": clock.now().timestamp(),
        "next": next_path,
    }
    return url_for("auth.second_factor_code" if user.has_second_factor else "auth.set_up_second_factor")


def finish_second_factor() -> str:
    """Signed in at last: called by the second-factor steps once they have
    verified the waiting person's code. Returns where to send them."""
    user = pending_user()
    if user is None:
        raise RuntimeError("no sign-in is waiting for a second factor")
    return _signed_in(user, pending_next(), timeout.carried_over())


def _signed_in(user: User, next_path: str | None, carried) -> str:
    user = accounts.finish_sign_in(user_id=user.id)
    session.clear()
    login_user(user)
    session[LAST_SEEN_KEY] = clock.now().timestamp()
    timeout.carry_into_new_session(carried, user)
    return timeout.return_path() or next_path or url_for(home_endpoint(user.role))


def pending_user() -> User | None:
    """The person half way through signing in, if it was recent and still valid."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if clock.now().timestamp() - pending.get("at", 0) > PENDING_LIMIT.total_seconds():
        session.pop(PENDING_KEY, None)
        return None
    return accounts.load_session_user(int(pending["user"]), int(pending["version"]))


def pending_next() -> str | None:
    return session.get(PENDING_KEY, {}).get("next")


def end_session() -> None:
    logout_user()
    session.clear()
