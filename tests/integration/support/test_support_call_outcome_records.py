"""What recording a support call's outcome leaves behind, and when it is
refused: the item's history, the follow-on item, the audit log and the
family's own data export."""

import io
import json
import zipfile
from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, TriageItem
from tests.integration.support.test_support_call_rules import HELD_AT, a_family_asks, book
from tests.integration.support.test_support_calls import book_and_hold
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def record_outcome(client, request, outcome="resolved", agreed="We talked it through"):
    return client.post(
        f"/staff/support-calls/{request.id}/outcome",
        data={"outcome-outcome": outcome, "outcome-agreed": agreed},
    )


def history_lines(client, item_id):
    page = get_page(client, f"/staff/queue/{item_id}")
    events = page.find("h2", string="History").find_next_sibling("ul")
    return [" ".join(li.get_text(" ").split()) for li in events.select("li")]


def test_an_outcome_cannot_be_recorded_the_day_before_the_booked_call(client, other_client):
    _, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    with time_machine.travel(HELD_AT - timedelta(days=1), tick=False):
        sign_in(client, worker)
        response = record_outcome(client, request)
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Record the outcome after the call"]
    db.session.refresh(request)
    assert (request.status, request.outcome) == ("scheduled", None)


def test_an_outcome_cannot_be_recorded_for_a_booked_call_that_was_then_cancelled(client, other_client):
    _, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    with time_machine.travel(HELD_AT - timedelta(days=1), tick=False):
        client.post(f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": "We will visit"})
    with time_machine.travel(HELD_AT + timedelta(hours=1), tick=False):
        sign_in(client, worker)
        response = record_outcome(client, request)
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Book the call before recording its outcome"]
    db.session.refresh(request)
    assert (request.status, request.outcome) == ("cancelled", None)


def test_the_calls_history_names_the_worker_and_the_outcome_and_the_follow_on_item_names_who_raised_it(
    client, other_client
):
    _, request = a_family_asks(other_client)
    book_and_hold(client, request, HELD_AT, "asf_application")
    db.session.refresh(request)
    worker = request.social_worker
    sign_in(client, UserFactory(role=Role.ADVISOR))
    closed = history_lines(client, request.triage_item_id)[-1]
    assert closed.endswith(
        f", {worker.full_name} SUP-2026-00001: Waiting to Done. Adoption Support Fund application"
    )
    follow_on = db.session.scalar(select(TriageItem).where(TriageItem.kind == "asf_application"))
    [raised] = history_lines(client, follow_on.id)
    assert f", {worker.full_name} " in raised and raised.endswith("raised: Adoption Support Fund application")


def test_the_audit_log_records_the_outcome_against_the_call_and_the_worker(client, other_client):
    _, request = a_family_asks(other_client)
    book_and_hold(client, request, HELD_AT, "signposted")
    db.session.refresh(request)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "support_call.outcome_recorded")
    )
    assert (event.record_type, event.record_id, event.actor_id, event.summary) == (
        "support_call",
        request.id,
        request.social_worker_id,
        "Call SUP-2026-00001 held: Signposted elsewhere",
    )


def test_the_familys_data_export_says_when_the_outcome_of_their_call_was_recorded(client, other_client):
    _, request = a_family_asks(other_client)
    book_and_hold(client, request, HELD_AT, "resolved")  # recorded an hour after the call
    sign_in(client, UserFactory(role=Role.MANAGER))
    response = client.post(f"/staff/households/{request.household_id}/subject-access")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    [call] = json.loads(archive.read("support_call_requests.json"))
    assert call["outcome_recorded_at"] == "2026-11-26T11:00:00+00:00"
