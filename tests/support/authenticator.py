"""The codes a person's authenticator app shows, for tests that sign staff and
connectors in. The portal accepts each code once, and tests sign the same
person in many times a minute."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from portal.database import writing
from portal.extensions import db
from portal.models import User
from portal.services import clock, second_factor


def next_code(user) -> str:
    """A code the person's app would show now that the portal has not yet accepted.

    The step after the last one used is taken while it is within the window,
    else the record of the last step is forgotten."""
    db.session.refresh(user)
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    if user.totp_last_step is not None and user.totp_last_step >= step:
        step = user.totp_last_step + 1
        if step > int(clock.now().timestamp()) // second_factor.STEP_SECONDS + second_factor.VALID_WINDOW:
            user.totp_last_step = None
            db.session.commit()
            step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    return _app_of(user).generate_otp(step)


def code_on_a_live_server(app, email: str) -> str:
    """The code the app shows now, for a browser test's live server: the
    record of the last code used is forgotten first."""
    with app.app_context(), writing():
        user = db.session.scalar(select(User).where(User.email == email))
        user.totp_last_step = None
        db.session.commit()
        app_of_user = _app_of(user)
        db.session.remove()
    return app_of_user.now()


def _app_of(user) -> pyotp.TOTP:
    return pyotp.TOTP(second_factor.set_up_details(user).secret)
