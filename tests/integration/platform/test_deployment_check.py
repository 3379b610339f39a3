"""`flask check-deployment`, and the same on an admin's page, names what is
wrong before families meet the site, and exits non-zero on anything that
blocks going live."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AgencySettings, ImportBatch, ImportKind, ImportStatus, Role
from portal.services import clock, email
from tests.support.factories import CouncilFactory, UserFactory
from tests.support.pages import get_page

PRODUCTION_LIKE = {
    "SECRET_KEY_FROM_ENVIRONMENT": True,
    "BASE_URL": "https://portal.example",
    "EMAIL_BACKEND": "smtp",
    "WEB_WORKERS": 4,
    "RATELIMIT_STORAGE_URI": "redis://redis.example:6379",
}


def check_deployment(app):
    result = app.test_cli_runner().invoke(args=["check-deployment"])
    failed = [
        line.split(":", 1)[0].removeprefix("FAIL  ")
        for line in result.output.splitlines()
        if line.startswith("FAIL")
    ]
    return result.exit_code, failed, result.output


@pytest.fixture
def production_like(app):
    app.config.update(PRODUCTION_LIKE)
    CouncilFactory(name="Kent")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["run-jobs"]).exit_code == 0
    assert runner.invoke(args=["send-emails"]).exit_code == 0
    return app


def test_the_development_defaults_fail_the_check_and_say_why(app):
    # A generated key, http links, emails to files, five workers counting rate
    # limits each in its own memory, no councils, no sender, no jobs.
    app.config["WEB_WORKERS"] = 5
    exit_code, failed, output = check_deployment(app)
    assert exit_code != 0
    assert failed == [
        "SECRET_KEY is set",
        "BASE_URL is https",
        "Emails are sent",
        "Rate limits are shared by every worker",
        "Councils",
        "The email sender is running",
        "Scheduled jobs ran in the last hour",
    ]
    assert "emails are written to files" in output
    assert "5 workers, rate limits in memory://" in output
    assert "things block going live" in output


def test_a_production_like_configuration_passes(production_like):
    exit_code, failed, output = check_deployment(production_like)
    assert (exit_code, failed) == (0, [])
    assert "Nothing blocks going live." in output
    # SQLite is named, but does not block a single host.
    assert "The database can serve several hosts" in output


def test_a_missing_team_inbox_blocks_going_live(production_like):
    db.session.scalar(select(AgencySettings)).team_inbox = ""
    db.session.commit()
    exit_code, failed, _ = check_deployment(production_like)
    assert exit_code != 0 and failed == ["Team inbox"]


def test_an_email_waiting_two_hours_means_the_sender_is_not_running(production_like):
    message = email.queue_email(template="sender_check", to="team@example.com", context={"agency_name": "A"})
    message.next_attempt_at = message.created_at = clock.now() - timedelta(hours=2)
    db.session.commit()
    _, failed, output = check_deployment(production_like)
    assert failed == ["The email sender is running"]
    assert "The oldest queued email has waited 2 hours" in output


def _an_import_queued_at(queued_at):
    db.session.add(
        ImportBatch(
            kind=ImportKind.HOUSEHOLDS,
            status=ImportStatus.QUEUED,
            file_name="families.csv",
            created_by=UserFactory(role=Role.ADMIN),
            created_at=queued_at,
            queued_at=queued_at,
        )
    )
    db.session.commit()


def test_an_import_waiting_ten_minutes_means_the_importer_is_not_running(production_like):
    _an_import_queued_at(clock.now() - timedelta(minutes=10))
    exit_code, failed, output = check_deployment(production_like)
    assert exit_code != 0 and failed == ["The importer is running"]
    assert "An import has waited 10 minutes for the importer" in output


def test_an_import_just_queued_does_not_fail_the_check(production_like):
    _an_import_queued_at(clock.now())
    exit_code, failed, _ = check_deployment(production_like)
    assert (exit_code, failed) == (0, [])


def test_jobs_not_run_in_the_last_hour_block_going_live(production_like):
    with time_machine.travel(clock.now() + timedelta(hours=2), tick=False):
        _, failed, output = check_deployment(production_like)
    assert "Scheduled jobs ran in the last hour" in failed
    assert "Not run in the last hour: offer-places" in output


def test_a_database_behind_the_code_blocks_going_live(production_like):
    runner = production_like.test_cli_runner()
    assert runner.invoke(args=["db", "downgrade"]).exit_code == 0
    try:
        _, failed, output = check_deployment(production_like)
    finally:
        # On PostgreSQL the next tests share this database: put its schema back.
        db.session.rollback()
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert "Database schema is up to date" in failed
    assert "run flask --app portal db upgrade" in output


def test_an_admin_sees_the_same_checks_on_a_page(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    page = get_page(client, "/staff/deployment")
    rows = {
        row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True)
        for row in page.select("tbody tr")
    }
    assert rows["Emails are sent"] == "Blocks going live"
    assert rows["Team inbox"] == "OK"
    assert "things block going live" in page.get_text()


def test_only_admins_see_the_deployment_check(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    assert client.get("/staff/deployment").status_code == 403
