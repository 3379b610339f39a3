"""Counting rules of the agency's figures, with records made as staff make them."""

from datetime import date

import time_machine

from portal.extensions import db
from portal.models import Role, Stage
from portal.services import catchup, journey, reporting
from portal.services.financial_year import FinancialYear
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.integration.support.test_catch_up_job import run_job, waiting_calls
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.signing_in import sign_in


def test_a_catch_up_call_the_family_declined_is_due_but_not_counted_as_held(app, client):
    declining, talking = family_with_order(date(2023, 5, 1)), family_with_order(date(2023, 5, 2))
    for family in (declining, talking):
        catchup.set_frequency(household_id=family.household_id, frequency_years=1, actor_id=family.id)
    db.session.commit()
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel("2026-04-20 09:00 +0100", tick=False):
        run_job(app)
        sign_in(client, worker)
        for family, outcome in ((declining, "declined"), (talking, "held")):
            [call] = waiting_calls(family.household_id)
            assert (
                client.post(f"/staff/catch-up-calls/{call.id}", data={"outcome": outcome}).status_code == 302
            )
    figures = reporting.catch_up_calls.figures(FinancialYear(2026))
    assert (figures.due, figures.held) == (2, 1)


def test_a_stage_recorded_again_after_it_ended_does_not_shorten_the_timescale(app):
    household = HouseholdFactory()
    staff = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel("2025-01-10 10:00 +0000", tick=False):
        for stage, on in (
            (Stage.STAGE_TWO, date(2024, 5, 1)),
            (Stage.APPROVED, date(2024, 8, 26)),  # 117 days
            (Stage.STAGE_TWO, date(2024, 10, 1)),  # recorded again, after approval
        ):
            journey.record_stage(
                household_id=household.id, stage=stage, started_on=on, actor_id=staff.id, survey_delay_days=14
            )
        db.session.commit()
    _, _, stage_two = reporting.timescales.figures(FinancialYear(2024))
    assert (stage_two.average_days, stage_two.households) == (117.0, 1)
