"""A family changes how often they get catch-up calls, or opts out: who did it
is in the audit log and, for a waiting call, in its queue item's history."""

from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CatchUpCall, Role
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.integration.support.test_support_call_outcome_records import history_lines
from tests.support.factories import UserFactory
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
