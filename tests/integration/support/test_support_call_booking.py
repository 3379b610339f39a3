"""Staff book a support call: what lands in the family's calendar, and the
times and calls that are refused."""

from datetime import datetime, timedelta

import icalendar
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, SupportCallRequest
from portal.services import clock
from tests.integration.support.test_support_call_cancellations import a_family_asks_and_cancels
from tests.integration.support.test_support_call_outcome_records import history_lines
from tests.integration.support.test_support_call_rules import HELD_AT, a_family_asks, book
from tests.integration.support.test_support_calls import ask_for_call
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, parse
from tests.support.signing_in import sign_in


def test_the_booked_call_in_the_familys_calendar_says_the_team_will_phone_and_lasts_half_an_hour(
    client, other_client
):
    family = UserFactory(role=Role.FAMILY)
    sign_in(other_client, family)
    ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    [event] = icalendar.Calendar.from_ical(emails_to(family.email)[-1].ics).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == "The adoption support team will phone you."
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)


def test_staff_who_try_to_book_a_call_the_family_cancelled_are_told_it_is_closed(client, other_client):
    _, request = a_family_asks_and_cancels(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    response = book(client, request, HELD_AT, worker)
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["This call has already been closed"]
    db.session.refresh(request)
    assert (request.status, request.scheduled_for) == ("cancelled", None)


def test_a_call_booked_for_the_very_minute_it_is_now_is_refused_as_not_in_the_future(client, other_client):
    family = UserFactory(role=Role.FAMILY)
    sign_in(other_client, family)
    ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    now = datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON)
    with time_machine.travel(now, tick=False):
        sign_in(client, worker)
        response = client.post(
            f"/staff/support-calls/{request.id}/schedule",
            data={
                "schedule-day": [str(now.day), str(now.month), str(now.year)],
                "schedule-time": "10:00",
                "schedule-social_worker": str(worker.id),
            },
        )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["The call must be in the future"]
    db.session.refresh(request)
    assert (request.status, request.scheduled_for) == ("requested", None)


def test_booking_and_moving_a_call_are_in_its_history_under_the_workers_name(client, other_client):
    _, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    book(client, request, HELD_AT + timedelta(days=1), worker)
    sign_in(client, worker)
    booked, moved = history_lines(client, request.triage_item_id)[-2:]
    assert f", {worker.full_name} " in booked and booked.endswith("to Waiting. Call booked")
    assert f", {worker.full_name} " in moved and moved.endswith("Waiting to Waiting. Call rescheduled")


def test_the_booking_email_links_to_the_account_and_the_booking_is_audited_against_the_call(
    client, other_client
):
    family, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    assert link_in(emails_to(family.email)[-1]) == "/account"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "support_call.scheduled"))
    assert (event.actor_id, event.record_type, event.record_id) == (worker.id, "support_call", request.id)
