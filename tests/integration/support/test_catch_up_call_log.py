"""Staff log a catch-up call: what its queue item's history, the audit log
and the family's data export then say, and a call logged twice."""

import io
import json
import zipfile
from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CatchUpCall, Role
from portal.services import catchup
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.integration.support.test_support_call_outcome_records import history_lines
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, parse
from tests.support.signing_in import sign_in

IN_THE_WINDOW = "2026-05-20 09:00 +0100"  # 21 days before the call due on 10 June 2026


def a_waiting_call(app):
    family = family_with_order(date(2024, 6, 10))
    catchup.set_frequency(household_id=family.household_id, frequency_years=2, actor_id=family.id)
    db.session.commit()
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
    return db.session.scalar(select(CatchUpCall))


def log(client, call, outcome):
    return client.post(f"/staff/catch-up-calls/{call.id}", data={"outcome": outcome})


def test_the_calls_history_names_the_worker_for_each_try_and_says_what_happened(app, client):
    call = a_waiting_call(app)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    log(client, call, "no_answer")
    log(client, call, "declined")
    no_answer, declined = history_lines(client, call.triage_item_id)[-2:]
    assert f", {worker.full_name} " in no_answer and no_answer.endswith("No answer: will try again")
    assert f", {worker.full_name} " in declined and declined.endswith("Done. Family declined the call")


def test_a_call_already_closed_cannot_be_logged_again_and_staff_are_told_why(app, client):
    call = a_waiting_call(app)
    sign_in(client, UserFactory(role=Role.SOCIAL_WORKER))
    log(client, call, "held")
    response = log(client, call, "declined")
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["This catch-up call has already been closed"]
    db.session.refresh(call)
    assert (call.outcome, call.attempts) == ("held", 1)


def test_the_audit_log_records_each_logged_call_against_the_call_and_the_worker(app, client):
    call = a_waiting_call(app)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    log(client, call, "held")
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "catch_up.call_logged"))
    assert (event.record_type, event.record_id, event.actor_id, event.summary) == (
        "catch_up_call",
        call.id,
        worker.id,
        "Catch-up call logged: Call held",
    )


def test_the_familys_data_export_says_who_logged_their_catch_up_call(app, client, other_client):
    call = a_waiting_call(app)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    log(client, call, "held")
    sign_in(other_client, UserFactory(role=Role.MANAGER))
    response = other_client.post(f"/staff/households/{call.household_id}/subject-access")
    [exported] = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("catch_up_calls.json"))
    assert (exported["outcome"], exported["logged_by_id"]) == ("held", worker.id)
