"""What cancelling a support call leaves behind for the family and for staff,
a cancellation of a call that is already closed, and the calls a family's
account lists."""

import io
import json
import zipfile

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.models.support import SupportCallRequest
from tests.integration.support.test_support_call_outcome_records import history_lines
from tests.integration.support.test_support_calls import ask_for_call
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

ASKED = "2026-11-23 09:00 +0000"
CANCELLED = "2026-11-24 15:30 +0000"


def a_family_asks_and_cancels(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, family)
        ask_for_call(client)
    request = db.session.scalar(select(SupportCallRequest))
    with time_machine.travel(CANCELLED, tick=False):
        sign_in(client, family)
        client.post(f"/support-call/{request.id}/cancel")
    return family, request


def test_a_family_who_cancels_their_own_call_is_shown_no_reason_for_it_on_their_account(client):
    family, _ = a_family_asks_and_cancels(client)
    sign_in(client, family)
    account = get_page(client, "/account")
    assert "Why we cancelled it" not in account.text


def test_a_family_who_cancels_again_from_another_tab_is_told_the_call_is_already_closed(client):
    family, request = a_family_asks_and_cancels(client)
    sign_in(client, family)
    assert client.post(f"/support-call/{request.id}/cancel").headers["Location"] == "/account"
    banner = get_page(client, "/account").select_one(".govuk-notification-banner__content")
    assert banner.text.strip() == "This call has already been closed"
    cancellations = [m for m in emails_to(family.email) if m.subject == "Your support call is cancelled"]
    assert len(cancellations) == 1


def test_staff_cancelling_a_call_the_family_already_cancelled_are_told_it_is_closed(client, other_client):
    _, request = a_family_asks_and_cancels(other_client)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    response = client.post(
        f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": "We will visit instead"}
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["This call has already been closed"]
    db.session.refresh(request)
    assert request.cancel_reason is None


def test_the_history_of_a_call_the_family_cancelled_names_the_adult_who_did(client, other_client):
    family, request = a_family_asks_and_cancels(other_client)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    cancelled = history_lines(client, request.triage_item_id)[-1]
    assert f", {family.full_name} " in cancelled and cancelled.endswith("Cancelled by the family")


def test_the_familys_data_export_says_when_their_call_was_cancelled(client, other_client):
    _, request = a_family_asks_and_cancels(other_client)
    sign_in(client, UserFactory(role=Role.MANAGER))
    response = client.post(f"/staff/households/{request.household_id}/subject-access")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    [call] = json.loads(archive.read("support_call_requests.json"))
    assert (call["status"], call["cancelled_at"], call["cancel_reason"]) == (
        "cancelled",
        "2026-11-24T15:30:00+00:00",
        None,
    )


def test_the_cancellation_email_links_to_where_the_family_can_ask_for_another_call(client):
    family, _ = a_family_asks_and_cancels(client)
    cancelled = emails_to(family.email)[-1]
    assert link_in(cancelled) == "/support-call"
    sign_in(client, family)
    assert get_page(client, link_in(cancelled)).h1.text.strip() == "Ask for a support-and-advice call"


def test_a_call_staff_cancel_is_in_its_history_and_the_audit_log_under_their_name(client, other_client):
    family = UserFactory(role=Role.FAMILY)
    sign_in(other_client, family)
    ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    advisor = UserFactory(role=Role.ADVISOR)
    sign_in(client, advisor)
    client.post(f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": "We will visit"})
    cancelled = history_lines(client, request.triage_item_id)[-1]
    assert f", {advisor.full_name} " in cancelled and cancelled.endswith("Cancelled by staff")
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "support_call.cancelled"))
    assert (event.actor_id, event.record_type, event.record_id) == (advisor.id, "support_call", request.id)


def test_a_familys_account_shows_their_five_latest_calls_newest_first(client):
    family = UserFactory(role=Role.FAMILY)
    for day in range(23, 29):  # six calls, asked and cancelled a day apart
        with time_machine.travel(f"2026-11-{day} 09:00 +0000", tick=False):
            sign_in(client, family)
            ask_for_call(client)
            call_id = db.session.scalar(select(SupportCallRequest.id).order_by(SupportCallRequest.id.desc()))
            client.post(f"/support-call/{call_id}/cancel")
    sign_in(client, family)
    cards = [
        title.text.strip() for title in get_page(client, "/account").select(".govuk-summary-card__title")
    ]
    assert cards == [f"Support-and-advice call SUP-2026-0000{n}" for n in (6, 5, 4, 3, 2)]
