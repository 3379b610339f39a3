"""The jobs timer runs one command: every scheduled job once, in order."""

from sqlalchemy import text

from portal.extensions import db
from portal.services import events


def test_run_jobs_runs_every_scheduled_job_once_in_order(app):
    result = app.test_cli_runner().invoke(args=["run-jobs"])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "offer-places",
        "send-reminders",
        "raise-stale-applicants",
        "raise-catch-up-calls",
        "lapse-connector-proposals",
        "send-survey-invitations",
        "apply-retention",
        "refresh-planner-statistics",
    ]


def test_the_jobs_give_sqlite_planner_statistics_so_the_queue_walks_its_index(app):
    # Without statistics SQLite sorts every open item for the queue's first page.
    result = app.test_cli_runner().invoke(args=["refresh-planner-statistics"])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        assert "statistics refreshed" in result.output
        assert db.session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")) == 1
    else:
        assert "PostgreSQL keeps its own statistics (autovacuum)" in result.output


def test_a_job_that_fails_is_reported_and_the_others_still_run(app, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(events, "pass_on_lapsed_offers", broken)
    result = app.test_cli_runner().invoke(args=["run-jobs"])
    assert result.exit_code == 1
    assert "offer-places: failed" in result.output
    assert "send-survey-invitations: invitations sent 0" in result.output
    assert "failed: offer-places" in result.output
