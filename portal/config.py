"""Configuration from the environment, with a safe development default.

The default is SQLite in ``instance/`` and a secret key generated once into
``instance/secret_key``, so that ``make run`` works on a new machine.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"


DEFAULT_RETENTION_DAYS = {
    # Information pack requests from people who never went on to have an account.
    "information_pack_requests": 730,
    # Sent or failed emails: body and address blanked, the row kept for the counts.
    "outbox_messages": 90,
    # Failed sign-ins: needed only for the 5-minute throttle.
    "sign_in_failures": 30,
}


def _secret_key(instance_path: Path) -> str:
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def web_workers() -> int:
    """How many gunicorn workers serve the site (gunicorn.conf.py starts this many)."""
    return int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Config:
    """Settings the app factory reads. Build one with :func:`from_environment`."""

    SECRET_KEY: str
    SQLALCHEMY_DATABASE_URI: str
    # False when the key was generated into instance/secret_key: each host
    # would then sign sessions with a key of its own.
    SECRET_KEY_FROM_ENVIRONMENT: bool = False
    # The gunicorn workers on this host: with more than one, rate limits kept
    # in memory are counted separately by each.
    WEB_WORKERS: int = 1
    INSTANCE_PATH: Path = DEFAULT_INSTANCE_PATH
    MIGRATIONS_DIRECTORY: Path = PROJECT_ROOT / "migrations"
    # Check a pooled connection before use, so a database restart costs no
    # request a 503: connections it cut are replaced quietly. SQL errors and
    # logs show statements but never the values bound to them.
    SQLALCHEMY_ENGINE_OPTIONS: dict = field(
        default_factory=lambda: {"pool_pre_ping": True, "hide_parameters": True}
    )
    TESTING: bool = False
    # Email: "file" writes .eml files to instance/outbox, "smtp" sends.
    EMAIL_BACKEND: str = "file"
    EMAIL_FROM: str = "Adoption portal <no-reply@adoption-portal.example>"
    SMTP_HOST: str = "localhost"
    SMTP_PORT: int = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS: bool = False
    # EMAIL_BACKEND "notify": GOV.UK Notify's API key and the id of one email
    # template whose subject is ((subject)) and whose body is ((body)).
    NOTIFY_API_KEY: str | None = None
    NOTIFY_TEMPLATE_ID: str | None = None
    NOTIFY_BASE_URL: str | None = None
    # Where emailed links point: the site's public address.
    BASE_URL: str = "http://127.0.0.1:5000"
    SESSION_COOKIE_SECURE: bool = False
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    REMEMBER_COOKIE_DURATION: int = 0
    PERMANENT_SESSION_LIFETIME: int = 8 * 60 * 60
    WTF_CSRF_TIME_LIMIT: int | None = None
    MAX_CONTENT_LENGTH: int = 1024 * 1024
    # The spreadsheets an admin imports (web/uploads.py): 10,000 households fit in a few.
    IMPORT_MAX_BYTES: int = 20 * 1024 * 1024
    RATELIMIT_ENABLED: bool = True
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_HEADERS_ENABLED: bool = True
    INVITATION_HOURS: int = 72
    # Invitations to everyone an import brought in are spread at this rate
    # (GOV.UK Notify takes 3,000 a minute; a small SMTP relay far fewer).
    INVITATIONS_PER_MINUTE: int = 100
    PASSWORD_RESET_HOURS: int = 2
    # Wrong passwords (or codes) one address may make for one account in the
    # window before it is paused; past the same number from all addresses the
    # account is slowed down, never locked (services/sign_in_throttle.py).
    SIGN_IN_FAILURES_ALLOWED: int = 10
    SIGN_IN_FAILURE_WINDOW_MINUTES: int = 5
    # Emails that public forms (bookings, the information pack, a forgotten
    # password, sign-in alerts) may send one address in an hour, all together.
    PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR: int = 3
    # Proxies in front that add X-Forwarded-For: the client address is taken
    # from that many of its entries, counted from the right. 0 trusts none.
    PROXY_COUNT: int = 0
    # Minutes without a request after which a session ends: staff, and
    # everyone else (applicants, families, connectors), whose home computer
    # may be shared.
    STAFF_IDLE_MINUTES: int = 30
    HOUSEHOLD_IDLE_MINUTES: int = 60
    QUEUE_PAGE_SIZE: int = 25
    PASSWORD_HASH_PROFILE: str = "standard"
    # Surveys: days after the adoption order / a closed support request before
    # the invitation is emailed, how long its link works, and when the one
    # reminder goes to those who have not answered.
    SURVEY_PRE_ORDER_DELAY_DAYS: int = 14
    SURVEY_POST_ORDER_DELAY_DAYS: int = 7
    SURVEY_LINK_DAYS: int = 60
    SURVEY_REMINDER_DAYS: int = 14
    # Retention (see services/retention.py and `flask apply-retention`): days
    # after which a kind of record loses its personal details.
    RETENTION_DAYS: dict = field(default_factory=lambda: dict(DEFAULT_RETENTION_DAYS))
    EXTRA: dict = field(default_factory=dict)

    def as_flask_mapping(self) -> dict:
        mapping = {k: v for k, v in self.__dict__.items() if k.isupper() and k != "EXTRA"}
        mapping.update(self.EXTRA)
        return mapping


def from_environment(instance_path: Path | None = None, **overrides) -> Config:
    instance_path = instance_path or Path(os.environ.get("PORTAL_INSTANCE_PATH", DEFAULT_INSTANCE_PATH))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    base_url = os.environ.get("BASE_URL", Config.BASE_URL).rstrip("/")
    config = Config(
        SECRET_KEY=_secret_key(instance_path),
        SECRET_KEY_FROM_ENVIRONMENT=bool(os.environ.get("SECRET_KEY")),
        WEB_WORKERS=web_workers(),
        SQLALCHEMY_DATABASE_URI=database_url,
        INSTANCE_PATH=instance_path,
        EMAIL_BACKEND=os.environ.get("EMAIL_BACKEND", "file"),
        EMAIL_FROM=os.environ.get("EMAIL_FROM", Config.EMAIL_FROM),
        SMTP_HOST=os.environ.get("SMTP_HOST", "localhost"),
        SMTP_PORT=int(os.environ.get("SMTP_PORT", "25")),
        SMTP_USERNAME=os.environ.get("SMTP_USERNAME"),
        SMTP_PASSWORD=os.environ.get("SMTP_PASSWORD"),
        SMTP_STARTTLS=_bool("SMTP_STARTTLS", False),
        BASE_URL=base_url,
        # A site served over https sends its session cookie over https only.
        SESSION_COOKIE_SECURE=_bool("SESSION_COOKIE_SECURE", base_url.startswith("https://")),
        NOTIFY_API_KEY=os.environ.get("NOTIFY_API_KEY"),
        NOTIFY_TEMPLATE_ID=os.environ.get("NOTIFY_TEMPLATE_ID"),
        NOTIFY_BASE_URL=os.environ.get("NOTIFY_BASE_URL"),
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        PROXY_COUNT=int(os.environ.get("PROXY_COUNT", "0")),
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config
