"""The second factor: time-based one-time codes from an authenticator app.

Staff and connectors set it up at their first sign-in and then enter a code
after their password every time. The shared secret is stored encrypted with a
key derived from SECRET_KEY; codes are accepted one 30-second step either side
of now, never twice (the last step used is kept), and wrong codes are
throttled as wrong passwords are (services/sign_in_throttle.py). Backup
codes, shown once at set-up and kept only as salted hashes, let someone in
when their phone is lost.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.models import BackupCode, User
from portal.services import audit, clock, sign_in_throttle, site
from portal.services.errors import DomainError, PermissionDenied
from portal.services.site import Purpose

ISSUER = "Adoption portal"
STEP_SECONDS = 30
# Accept the code of the step before and after now: phone clocks drift.
VALID_WINDOW = 1
BACKUP_CODE_COUNT = 10
# Ten characters with no look-alikes (i, l, o, 0, 1): about 49 bits, shown as two groups of five.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class CodeRejected(DomainError):
    pass


class CodesPaused(DomainError):
    pass


class SecondFactorNotSetUp(DomainError):
    pass


@dataclass(frozen=True)
class SetUp:
    """What a person needs to add the portal to their authenticator app."""

    secret: str
    uri: str

    @property
    def grouped_secret(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    @property
    def qr_data_uri(self) -> str:
        return segno.make(self.uri, error="m").svg_data_uri(
            scale=4, title="QR code for your authenticator app"
        )


# -- the secret at rest ---------------------------------------------------------


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(site.derive(Purpose.SECOND_FACTOR_SECRET)))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _secret_of(user: User) -> str:
    if user.totp_secret_encrypted is None:
        raise SecondFactorNotSetUp("This account has no authenticator app set up")
    try:
        return _fernet().decrypt(user.totp_secret_encrypted.encode()).decode()
    except InvalidToken as error:
        # SECRET_KEY changed: an admin resets the person's second factor.
        raise SecondFactorNotSetUp("This account's authenticator app must be set up again") from error


# -- set-up ----------------------------------------------------------------------


def prepare(user: User) -> None:
    """At a correct password: give someone who has not set up an app a secret to add.

    A secret not yet confirmed is kept, so signing in again shows the same one."""
    if user.needs_second_factor and user.totp_secret_encrypted is None:
        user.totp_secret_encrypted = encrypt_secret(pyotp.random_base32(32))
        user.totp_confirmed_at = None
        user.totp_last_step = None


def set_up_details(user: User) -> SetUp:
    secret = _secret_of(user)
    uri = pyotp.TOTP(secret).provisioning_uri(name=f"User {user.id}", issuer_name=ISSUER)
    return SetUp(secret=secret, uri=uri)


def confirm_set_up(*, user_id: int, code: str, attempt: sign_in_throttle.Attempt) -> list[str]:
    """Check the first code from the app; then the factor is in use.
    Returns the new backup codes, to be shown once."""
    user = db.session.get_one(User, user_id)
    if user.has_second_factor:
        raise DomainError("An authenticator app is already set up")
    _check_code(user, code, attempt)
    user.totp_confirmed_at = clock.now()
    codes = _new_backup_codes(user)
    audit.record(
        actor_id=user.id,
        action="user.second_factor_set_up",
        record_type="user",
        record_id=user.id,
        summary=f"User {user.id} set up an authenticator app",
    )
    return codes


# -- codes ---------------------------------------------------------------------------


def _throttle_key(user_id: int) -> str:
    return sign_in_throttle.keyed_hash(f"second factor {user_id}")


def _matching_step(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _check_code(user: User, code: str, attempt: sign_in_throttle.Attempt) -> None:
    """Accept a current code from the app, or an unused backup code; else
    record a failure. Too many from one address pause that address; the
    account as a whole is only slowed down, so the owner still gets in."""
    key = _throttle_key(user.id)
    source = sign_in_throttle.source_key(attempt.source)
    rules = attempt.rules
    now = clock.now()
    refusal = sign_in_throttle.refusal(account_key=key, source=source, rules=rules, now=now)
    if refusal is not None:
        raise CodesPaused(
            refusal.explained(
                too_many="You have entered too many wrong codes",
                many_wrong="There have been many wrong codes for this account",
            )
        )
    code = _normalise(code)
    if len(code) == 6 and code.isdigit():
        step = _matching_step(_secret_of(user), code)
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            return
    elif user.has_second_factor and _use_backup_code(user, code):
        return
    failures = sign_in_throttle.record_failure(account_key=key, source=source, rules=rules, now=now)
    audit.record(
        actor_id=None,
        action="user.second_factor_failed",
        record_type="user",
        record_id=user.id,
        summary=f"Wrong second-factor code for user {user.id}",
    )
    if failures.from_source == rules.failures_allowed:
        audit.record(
            actor_id=None,
            action="user.second_factor_paused",
            record_type="user",
            record_id=user.id,
            summary=f"Second-factor codes paused for user {user.id} from one address",
        )
    sign_in_throttle.alert_owner_of_burst(
        user=user, failures=failures, wrong="code", attempt=attempt, now=now
    )
    raise CodeRejected("Enter a correct code. A code can be used only once")


def verify(*, user_id: int, code: str, attempt: sign_in_throttle.Attempt) -> User:
    """The second step of signing in, for someone with an app set up."""
    user = db.session.get_one(User, user_id)
    if not user.has_second_factor:
        raise SecondFactorNotSetUp("Set up an authenticator app first")
    _check_code(user, code, attempt)
    return user


# -- backup codes ----------------------------------------------------------------------


def _hash_backup_code(code: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    return f"{salt}${digest}"


def _new_backup_codes(user: User) -> list[str]:
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        code = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(10))
        db.session.add(BackupCode(user_id=user.id, code_hash=_hash_backup_code(code, secrets.token_hex(16))))
        codes.append(f"{code[:5]}-{code[5:]}")
    return codes


def _use_backup_code(user: User, code: str) -> bool:
    unused = db.session.scalars(
        select(BackupCode).where(BackupCode.user_id == user.id, BackupCode.used_at.is_(None))
    )
    for backup in unused:
        salt = backup.code_hash.partition("$")[0]
        if hmac.compare_digest(_hash_backup_code(code, salt), backup.code_hash):
            backup.used_at = clock.now()
            audit.record(
                actor_id=user.id,
                action="user.backup_code_used",
                record_type="user",
                record_id=user.id,
                summary=f"User {user.id} used a backup code",
            )
            return True
    return False


def backup_codes_left(user_id: int) -> int:
    return db.session.execute(
        select(func.count()).where(BackupCode.user_id == user_id, BackupCode.used_at.is_(None))
    ).scalar_one()


# -- administration ----------------------------------------------------------------------


def reset(*, user_id: int, actor: User) -> None:
    """An admin clears someone's app and backup codes (a lost phone): they set
    up a new app at their next sign-in. Their sessions end now."""
    user = db.session.get_one(User, user_id)
    if user.id == actor.id:
        raise PermissionDenied("You cannot reset your own authenticator app")
    user.totp_secret_encrypted = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.session_version += 1
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    audit.record(
        actor_id=actor.id,
        action="user.second_factor_reset",
        record_type="user",
        record_id=user.id,
        summary=f"Authenticator app reset for user {user.id}",
    )
