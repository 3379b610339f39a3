"""What is wrong with this deployment before families meet it: the checks
behind ``flask check-deployment`` and the admin's deployment page.

The configuration comes in as plain values (:class:`Deployment`); the
database is read for the rest: councils and team inbox, migrations, the
email outbox and the scheduled jobs' last runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import agency, clock, imports, job_runs, setup

# A due email waiting longer than this means no sender is running.
SENDER_LATE = timedelta(minutes=10)
# run-jobs is meant to run every 15 minutes (README); an hour is four misses.
JOBS_LATE = timedelta(hours=1)
SENDER_JOB = "send-emails"


@dataclass(frozen=True)
class Deployment:
    """What the check needs to know of the configuration."""

    secret_key_from_environment: bool
    base_url: str
    email_backend: str
    web_workers: int
    rate_limit_storage: str
    migrations_directory: Path
    scheduled_jobs: tuple[str, ...]


def from_config(config) -> Deployment:
    """The facts from the app's configuration mapping."""
    return Deployment(
        secret_key_from_environment=config["SECRET_KEY_FROM_ENVIRONMENT"],
        base_url=config["BASE_URL"],
        email_backend=config["EMAIL_BACKEND"],
        web_workers=config["WEB_WORKERS"],
        rate_limit_storage=config["RATELIMIT_STORAGE_URI"],
        migrations_directory=Path(config["MIGRATIONS_DIRECTORY"]),
        scheduled_jobs=tuple(config["SCHEDULED_JOBS"]),
    )


@dataclass(frozen=True)
class Check:
    title: str
    passed: bool
    detail: str
    # Failing it means the site must not go live; otherwise it is worth a look.
    blocking: bool = True


def _age(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


def _configuration(deployment: Deployment) -> list[Check]:
    in_memory = deployment.rate_limit_storage.startswith("memory://")
    return [
        Check(
            "SECRET_KEY is set",
            deployment.secret_key_from_environment,
            "Set"
            if deployment.secret_key_from_environment
            else "SECRET_KEY is not set: the key was generated into this host's instance folder, "
            "so each host signs sessions with its own. Set the same SECRET_KEY on every host.",
        ),
        Check(
            "BASE_URL is https",
            deployment.base_url.startswith("https://"),
            f"Emailed links point to {deployment.base_url}"
            + (
                ""
                if deployment.base_url.startswith("https://")
                else ": set BASE_URL to the site's https address."
            ),
        ),
        Check(
            "Emails are sent",
            deployment.email_backend != "file",
            f"EMAIL_BACKEND is {deployment.email_backend}"
            + (
                ": emails are written to files, nobody receives them. Set smtp or notify."
                if deployment.email_backend == "file"
                else ""
            ),
        ),
        Check(
            "Rate limits are shared by every worker",
            not (in_memory and deployment.web_workers > 1),
            f"{deployment.web_workers} workers, rate limits in {deployment.rate_limit_storage}"
            + (
                ": each worker counts on its own. Set RATELIMIT_STORAGE_URI=redis://…"
                if in_memory and deployment.web_workers > 1
                else ""
            ),
        ),
    ]


def _database() -> Check:
    name = db.engine.dialect.name
    return Check(
        "The database can serve several hosts",
        name == "postgresql",
        "PostgreSQL" if name == "postgresql" else f"{name}: fine on one host; several hosts need PostgreSQL",
        blocking=False,
    )


def _agency() -> list[Check]:
    current = agency.settings()
    offered = [c.name for c in agency.councils() if c.in_region]
    return [
        Check(
            "Councils",
            bool(offered),
            ", ".join(offered) if offered else "No councils in the region are offered",
        ),
        Check("Team inbox", bool(current.team_inbox), current.team_inbox or "No team inbox is set"),
        Check(
            "The service is open",
            setup.is_open(),
            "Open"
            if setup.is_open()
            else "The set-up checklist is not finished: the public forms are closed",
        ),
    ]


def _migrations(directory: Path) -> Check:
    heads = set(ScriptDirectory(str(directory)).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current == heads:
        return Check("Database schema is up to date", True, "At " + ", ".join(sorted(heads)))
    return Check(
        "Database schema is up to date",
        False,
        f"The database is at {', '.join(sorted(current)) or 'no migration'}, the code needs "
        f"{', '.join(sorted(heads))}: run flask --app portal db upgrade",
    )


def _sender(now: datetime, last_runs: dict[str, datetime]) -> Check:
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
        )
    )
    if oldest is not None and now - oldest > SENDER_LATE:
        return Check(
            "The email sender is running",
            False,
            f"The oldest queued email has waited {_age(now - oldest)}: "
            "start flask --app portal send-emails --loop",
        )
    last = last_runs.get(SENDER_JOB)
    if last is None or now - last > JOBS_LATE:
        when = "never" if last is None else f"{_age(now - last)} ago"
        return Check("The email sender is running", False, f"The sender last ran {when}")
    waiting = (
        "no email waiting" if oldest is None else f"the oldest queued email has waited {_age(now - oldest)}"
    )
    return Check("The email sender is running", True, f"Last ran {_age(now - last)} ago, {waiting}")


def _importer(now: datetime) -> Check:
    waited = imports.longest_wait_for_a_worker(now)
    if waited is not None and waited > imports.STALE_AFTER:
        return Check(
            "The importer is running",
            False,
            f"An import has waited {_age(waited)} for the importer: "
            "start flask --app portal run-imports --loop",
        )
    return Check("The importer is running", True, "No import waiting")


def _jobs(now: datetime, names: tuple[str, ...], last_runs: dict[str, datetime]) -> Check:
    late = [name for name in names if name not in last_runs or now - last_runs[name] > JOBS_LATE]
    if late:
        return Check(
            "Scheduled jobs ran in the last hour",
            False,
            "Not run in the last hour: "
            + ", ".join(late)
            + ". Run flask --app portal run-jobs every 15 minutes",
        )
    return Check("Scheduled jobs ran in the last hour", True, f"All {len(names)} jobs")


def run(deployment: Deployment) -> list[Check]:
    checks = [*_configuration(deployment), _database()]
    schema = _migrations(deployment.migrations_directory)
    checks.append(schema)
    if not schema.passed:
        # The tables the other checks read may not be there yet.
        return [
            *checks,
            Check("The agency, the sender and the jobs", False, "Checked once the schema is up to date"),
        ]
    now = clock.now()
    last_runs = job_runs.last_finished()
    return [
        *checks,
        *_agency(),
        _sender(now, last_runs),
        _importer(now),
        _jobs(now, deployment.scheduled_jobs, last_runs),
    ]


def blocking(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.blocking and not check.passed]
