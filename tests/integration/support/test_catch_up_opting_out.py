"""A family changes how often they get catch-up calls, or opts out: who did it
is in the audit log and, for a waiting call, in its queue item's history; and
only a family with an adoption order may opt in."""

from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CatchUpCall, Role, Stage, StageChange
from portal.services import catchup, clock
from portal.services.errors import DomainError
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.integration.support.test_support_call_outcome_records import history_lines
from tests.support.factories import UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


def test_each_change_of_how_often_is_audited_against_the_household_and_the_adult(client):
    family = family_with_order(date(2024, 6, 10))
    sign_in(client, family)
    client.post("/catch-up-calls", data={"frequency": "2"})
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "catch_up.frequency_changed"))
    assert (event.record_type, event.record_id, event.actor_id) == (
        "household",
        family.household_id,
        family.id,
    )


def test_opting_out_with_a_call_waiting_shows_in_its_history_under_the_adults_name(app, client, other_client):
    family = family_with_order(date(2024, 6, 10))
    with time_machine.travel("2027-05-20 09:00 +0100", tick=False):
        sign_in(client, family)
        client.post("/catch-up-calls", data={"frequency": "1"})
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
        client.post("/catch-up-calls", data={"frequency": "none"})
    call = db.session.scalar(select(CatchUpCall))
    sign_in(other_client, UserFactory(role=Role.ADVISOR))
    opted_out = history_lines(other_client, call.triage_item_id)[-1]
    assert f", {family.full_name} " in opted_out
    assert opted_out.endswith("to Cancelled. The family opted out of catch-up calls")


def test_a_family_whose_child_is_placed_but_not_yet_adopted_cannot_opt_in_yet(client):
    family = UserFactory(role=Role.FAMILY)
    db.session.add(
        StageChange(
            household_id=family.household_id,
            stage=Stage.PLACED,
            started_on=date(2026, 3, 2),
            recorded_at=clock.now(),
        )
    )
    db.session.commit()
    sign_in(client, family)
    assert (
        "Catch-up calls start after the adoption order is granted" in get_page(client, "/catch-up-calls").text
    )
    assert client.post("/catch-up-calls", data={"frequency": "1"}).status_code == 400
    assert catchup.setting_for(family.household_id).frequency_years is None


def test_a_family_without_an_order_cannot_be_opted_in_because_another_family_has_one(client):
    family_with_order(date(2024, 6, 10))
    family = UserFactory(role=Role.FAMILY)
    with pytest.raises(catchup.NoAdoptionOrder) as refused:
        catchup.set_frequency(household_id=family.household_id, frequency_years=1, actor_id=family.id)
    assert str(refused.value) == "Catch-up calls start after the adoption order is granted"


def test_only_every_year_every_2_or_every_3_years_may_be_chosen_and_the_choice_is_returned(client):
    family = family_with_order(date(2024, 6, 10))
    with pytest.raises(DomainError) as refused:
        catchup.set_frequency(household_id=family.household_id, frequency_years=4, actor_id=family.id)
    assert str(refused.value) == "Choose every year, every 2 years or every 3 years"
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        setting = catchup.set_frequency(
            household_id=family.household_id, frequency_years=3, actor_id=family.id
        )
    assert setting == catchup.CatchUpSetting(
        adoption_order_on=date(2024, 6, 10), frequency_years=3, next_due_on=date(2027, 6, 10)
    )
