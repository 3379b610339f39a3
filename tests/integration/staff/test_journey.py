from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, Stage, TriageItem
from portal.services import clock, journey
from tests.support.emails import emails_to
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def record_stage(client, household_id: int, stage: str, day: date):
    return client.post(
        f"/staff/households/{household_id}/stage",
        data={"stage-stage": stage, "stage-started_on": [str(day.day), str(day.month), str(day.year)]},
    )


def test_a_social_worker_records_stage_one_and_the_applicant_sees_where_they_are(
    client, other_client, sign_in_as
):
    worker = sign_in_as(Role.SOCIAL_WORKER, full_name="Sam Worker")
    applicant = UserFactory(role=Role.APPLICANT)
    household = applicant.household
    client.post(f"/staff/households/{household.id}/social-worker", data={"social_worker": str(worker.id)})
    started = clock.today() - timedelta(days=10)
    assert record_stage(client, household.id, "stage_one", started).status_code == 302

    sign_in(other_client, applicant)
    page = get_page(other_client, "/account")
    summary = {row.dt.text.strip(): row.dd.text.strip() for row in page.select(".govuk-summary-list__row")}
    assert summary["Stage"] == "Stage 1"
    assert summary["Since"].endswith("(10 days)")
    assert summary["Usually takes"].startswith("About 60 days")
    assert summary["Your social worker"] == "Sam Worker"
    assert "3-day preparation course" in page.text


def test_an_update_appears_on_the_account_and_is_emailed_to_each_adult(client, other_client, sign_in_as):
    sign_in_as(Role.SOCIAL_WORKER, full_name="Sam Worker")
    first = UserFactory(role=Role.APPLICANT)
    second = UserFactory(role=Role.APPLICANT, household=first.household)
    response = client.post(
        f"/staff/households/{first.household_id}/updates",
        data={"update-body": "Your references are back.\nPanel is booked for 3 March."},
    )
    assert response.status_code == 302
    for adult in (first, second):
        [email] = emails_to(adult.email)
        assert email.subject == "There is an update on your adoption journey"
        assert "Panel is booked for 3 March." in email.body
    sign_in(other_client, second)
    assert (
        "Your references are back." in get_page(other_client, "/account").select_one(".govuk-inset-text").text
    )


def test_a_stage_date_in_the_future_is_refused(client, sign_in_as):
    sign_in_as(Role.SOCIAL_WORKER)
    household = HouseholdFactory()
    response = record_stage(client, household.id, "stage_two", clock.today() + timedelta(days=1))
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["The date must be today or in the past"]


def test_a_date_that_does_not_exist_is_explained(client, sign_in_as):
    sign_in_as(Role.SOCIAL_WORKER)
    household = HouseholdFactory()
    response = client.post(
        f"/staff/households/{household.id}/stage",
        data={"stage-stage": "stage_two", "stage-started_on": ["31", "2", "2026"]},
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Date the stage started must be a real date, like 27 3 2026"]


def test_stage_changes_are_audited_without_personal_details(client, sign_in_as):
    worker = sign_in_as(Role.SOCIAL_WORKER)
    household = HouseholdFactory()
    record_stage(client, household.id, "approved", date(2026, 11, 2))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "journey.stage_recorded"))
    assert (event.actor_id, event.record_id, event.summary) == (
        worker.id,
        household.id,
        "Stage recorded: Approved as adopters from 2026-11-02",
    )


def test_staff_find_a_household_by_number_or_name(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    wanted = HouseholdFactory(name="Ali and Sam Patel")
    HouseholdFactory(name="Someone Else")
    rows = get_page(client, "/staff/households?q=patel").select("tbody tr")
    assert [r.select("td")[1].text.strip() for r in rows] == ["Ali and Sam Patel"]
    rows = get_page(client, f"/staff/households?q={wanted.id}").select("tbody tr")
    assert [r.select("td")[1].text.strip() for r in rows] == ["Ali and Sam Patel"]


def test_households_waiting_four_weeks_without_news_raise_one_item_for_their_social_worker(app):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    waiting = HouseholdFactory(social_worker=worker)
    recently_updated = HouseholdFactory()
    approved = HouseholdFactory()
    with time_machine.travel("2026-10-01 09:00 +0000", tick=False):
        journey.record_stage(
            household_id=waiting.id,
            stage=Stage.STAGE_ONE_COMPLETE,
            started_on=date(2026, 9, 30),
            actor_id=worker.id,
            survey_delay_days=14,
        )
        journey.record_stage(
            household_id=recently_updated.id,
            stage=Stage.STAGE_TWO,
            started_on=date(2026, 9, 30),
            actor_id=worker.id,
            survey_delay_days=14,
        )
        journey.record_stage(
            household_id=approved.id,
            stage=Stage.APPROVED,
            started_on=date(2026, 9, 30),
            actor_id=worker.id,
            survey_delay_days=14,
        )
        db.session.commit()
    with time_machine.travel("2026-10-27 09:00 +0000", tick=False):
        journey.post_update(household_id=recently_updated.id, author_id=worker.id, body="Visit booked")
        db.session.commit()
    with time_machine.travel("2026-10-30 09:00 +0000", tick=False):
        first = app.test_cli_runner().invoke(args=["raise-stale-applicants"])
        second = app.test_cli_runner().invoke(args=["raise-stale-applicants"])
    assert "raised 1" in first.output and "raised 0" in second.output
    [item] = db.session.scalars(select(TriageItem)).all()
    assert (item.kind, item.household_id, item.assignee_id) == ("stale_applicant", waiting.id, worker.id)
    assert item.title == "No update for 4 weeks: Between Stage 1 and Stage 2"
