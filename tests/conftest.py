"""Fixtures shared by every test package: an app on a fresh database.

SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (``make test`` runs
both). The schema is built once per run by the Alembic migrations, so the
migrations themselves are under test; each test then gets its own copy of
the migrated SQLite file, or an emptied PostgreSQL database.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import SQLAlchemyError

from portal import create_app
from portal.config import from_environment
from portal.extensions import db
from portal.models import OutboxMessage
from tests.support.email_checks import check_every_email_in_the_outbox
from tests.support.log_scan import LogRecorder, report
from tests.support.pages import check_page


def _postgres_url_for_this_worker(url: str | None) -> str | None:
    """Under pytest-xdist each worker empties and refills its own database
    (portal_test_gw0, portal_test_gw1, …), created on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base, _, name = url.rpartition("/")
    own_name = f"{name}_{worker}"
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own_name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{own_name}"'))
    engine.dispose()
    return f"{base}/{own_name}"


pytest_plugins = ["tests.support.queries"]

POSTGRES_URL = _postgres_url_for_this_worker(os.environ.get("TEST_DATABASE_URL"))
LOG_RECORDER = LogRecorder()


def pytest_configure(config):
    LOG_RECORDER.attach()


@pytest.fixture(scope="session", autouse=True)
def no_personal_data_in_the_session_logs():
    """At the end of this process's run: everything logged, by tests and fixtures."""
    yield
    LOG_RECORDER.attach()
    problem = report(LOG_RECORDER.records)
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.fixture(autouse=True)
def no_personal_data_in_the_logs():
    """After each test: what it logged holds no email address, phone number,
    postcode or free-text note (tests/support/log_scan.py)."""
    LOG_RECORDER.attach()
    start = len(LOG_RECORDER.records)
    yield
    problem = report(LOG_RECORDER.records[start:])
    if problem:
        pytest.fail(problem, pytrace=False)


def build_app(instance_path: Path, database_url: str, **overrides):
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test secret key",
        "TESTING": True,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_PROFILE": "test",
        "BASE_URL": "http://portal.test",
        **overrides,
        "EXTRA": {"WTF_CSRF_ENABLED": False, **overrides.get("EXTRA", {})},
    }
    config = from_environment(instance_path=instance_path, **settings)
    return create_app(config)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    """The URL of a database at the newest migration."""
    folder = tmp_path_factory.mktemp("template")
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{folder / 'template.db'}"
    app = build_app(folder, url)
    with app.app_context():
        flask_migrate.upgrade()
        if not POSTGRES_URL:
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
    return url


def _empty_postgres() -> None:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        tables = (
            connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
        if tables:
            # TRUNCATE fires no row triggers, so the audit log's guard stays in place.
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(migrated_database, tmp_path) -> str:
    if POSTGRES_URL:
        return migrated_database
    template = Path(migrated_database.removeprefix("sqlite:///"))
    copy = tmp_path / "portal.db"
    shutil.copyfile(template, copy)
    return f"sqlite:///{copy}"


class PortalClient(FlaskClient):
    """Each request runs in its own app context, as in production, so nothing
    (the signed-in user, the database session) leaks between requests or
    between two clients. The test's own session is committed before and
    refreshed after, so each side sees what the other wrote. Every HTML page
    it receives is checked (tests/support/pages.py)."""

    check_pages = True

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        if self.check_pages:
            check_page(response, self.application, response.request.path)
        return response


def _check_the_emails_as_they_would_leave(app) -> None:
    """Every email a test caused, built as the sender builds it (tests/support/email_checks.py);
    a test that broke the database on purpose has no outbox to read."""
    try:
        messages = db.session.scalars(select(OutboxMessage)).all()
    except SQLAlchemyError:
        return
    check_every_email_in_the_outbox(app, messages)


@pytest.fixture
def app(database_url, tmp_path):
    app = build_app(tmp_path, database_url)
    app.test_client_class = PortalClient
    with app.app_context():
        yield app
        _check_the_emails_as_they_would_leave(app)
        db.session.remove()
        db.engine.dispose()
    if POSTGRES_URL:
        _empty_postgres()


@pytest.fixture
def client(app) -> PortalClient:
    return app.test_client()


@pytest.fixture
def other_client(app) -> PortalClient:
    """A second browser, for two people at once."""
    return app.test_client()
