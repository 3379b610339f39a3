"""Slowing down guesses at passwords and codes without letting an outsider
keep the owner out.

Each failure is kept with a keyed hash of the account (the email typed, or
the user for a code) and of the client's address. One source that fails too
often for one account is refused for the rest of the window (no more than
10 guesses in 5 minutes from one source). The account as a whole is only
slowed: past the same number of failures from all sources, each attempt
waits a little longer after the last failure, so the owner signing in from
somewhere else gets in after a few seconds, and guesses from many addresses
stay slow. A burst of failures emails the owner, at most once a window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, SignInFailure, User
from portal.services import site
from portal.services.email import queue_public_email
from portal.services.site import Purpose

# The account-wide wait doubles with each failure past the allowance: 1, 2, 4 ... seconds.
LONGEST_DELAY = timedelta(seconds=30)
ALERT_TEMPLATE = "sign_in_attempts"


@dataclass(frozen=True)
class ThrottleRules:
    failures_allowed: int
    window: timedelta

    @classmethod
    def from_config(cls, config: Mapping) -> ThrottleRules:
        return cls(
            failures_allowed=config["SIGN_IN_FAILURES_ALLOWED"],
            window=timedelta(minutes=config["SIGN_IN_FAILURE_WINDOW_MINUTES"]),
        )


@dataclass(frozen=True)
class Attempt:
    """Where a password or code came from, and the rules for wrong ones: plain values from the view."""

    source: str | None
    rules: ThrottleRules
    emails_per_recipient_per_hour: int
    forgot_password_link: str


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is not even checked, and for how long."""

    # True: this source guessed too often for this account. False: the account is being slowed down.
    source_paused: bool
    wait: timedelta

    @property
    def wait_in_words(self) -> str:
        """ "5 minutes" for a paused source, "4 seconds" for a slowed account."""
        if self.source_paused:
            amount, unit = math.ceil(self.wait.total_seconds() / 60), "minute"
        else:
            amount, unit = math.ceil(self.wait.total_seconds()), "second"
        amount = max(1, amount)
        return f"{amount} {unit}{'' if amount == 1 else 's'}"

    def explained(self, *, too_many: str, many_wrong: str) -> str:
        """What the person is told: their own pause, or the account's slowing down."""
        if self.source_paused:
            return f"{too_many}. Wait {self.wait_in_words}, then try again"
        return f"{many_wrong}, so we are slowing them down. Wait {self.wait_in_words}, then try again"


def keyed_hash(text: str) -> str:
    """An HMAC under the site's secret key: counts by a value without storing it."""
    return site.derive(Purpose.SIGN_IN_COUNT, text).hex()


def source_key(address: str | None) -> str:
    return keyed_hash(f"sign-in source {address or 'unknown'}")


def _delay_after(failures: int, rules: ThrottleRules) -> timedelta:
    extra = failures - rules.failures_allowed
    return min(timedelta(seconds=2**extra), LONGEST_DELAY)


def refusal(*, account_key: str, source: str, rules: ThrottleRules, now: datetime) -> Refusal | None:
    """Whether to refuse an attempt before checking it."""
    in_window = (SignInFailure.email_key == account_key, SignInFailure.at > now - rules.window)
    from_source = db.session.scalars(
        select(SignInFailure.at)
        .where(*in_window, SignInFailure.source_key == source)
        .order_by(SignInFailure.at)
    ).all()
    if len(from_source) >= rules.failures_allowed:
        # Heard again once enough of this source's failures have left the window.
        heard_from = from_source[len(from_source) - rules.failures_allowed] + rules.window
        return Refusal(source_paused=True, wait=heard_from - now)
    failures, last = db.session.execute(
        select(func.count(), func.max(SignInFailure.at)).where(*in_window)
    ).one()
    if failures >= rules.failures_allowed:
        heard_from = last + _delay_after(failures, rules)
        if heard_from > now:
            return Refusal(source_paused=False, wait=heard_from - now)
    return None


@dataclass(frozen=True)
class Failures:
    from_source: int
    for_account: int


def record_failure(*, account_key: str, source: str, rules: ThrottleRules, now: datetime) -> Failures:
    db.session.add(SignInFailure(email_key=account_key, source_key=source, at=now))
    db.session.flush()
    in_window = (SignInFailure.email_key == account_key, SignInFailure.at > now - rules.window)
    return Failures(
        from_source=db.session.execute(
            select(func.count()).where(*in_window, SignInFailure.source_key == source)
        ).scalar_one(),
        for_account=db.session.execute(select(func.count()).where(*in_window)).scalar_one(),
    )


def alert_owner_of_burst(
    *, user: User, failures: Failures, wrong: str, attempt: Attempt, now: datetime
) -> None:
    """After a burst of failures on an account, tell its owner, once a window.
    ``wrong`` is what was wrong: "password" or "code"."""
    if failures.for_account < attempt.rules.failures_allowed:
        return
    already_told = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.template == ALERT_TEMPLATE,
            OutboxMessage.to_address == user.email,
            OutboxMessage.created_at > now - attempt.rules.window,
        )
    )
    if already_told is not None:
        return
    queue_public_email(
        per_recipient_per_hour=attempt.emails_per_recipient_per_hour,
        template=ALERT_TEMPLATE,
        to=user.email,
        context={"first_name": user.first_name, "wrong": wrong, "link": attempt.forgot_password_link},
    )
