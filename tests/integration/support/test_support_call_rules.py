"""Support-and-advice calls from request to outcome, and the figures they
make, driven as families and staff use them."""

import io
import json
import zipfile
from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, SupportCallRequest, TriageItem
from portal.services import clock, reporting
from portal.services.financial_year import FinancialYear
from tests.integration.support.test_support_calls import ask_for_call, book_and_hold
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

# A Monday; the call is booked for the Thursday, 3 working days later.
ASKED = "2026-11-23 09:00 +0000"
HELD_AT = datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON)
YEAR = FinancialYear(2026)


def a_family_asks(client, at=ASKED):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(at, tick=False):
        sign_in(client, family)
        ask_for_call(client)
    return family, db.session.scalars(
        select(SupportCallRequest).order_by(SupportCallRequest.id.desc())
    ).first()


def book(client, request, when: datetime, worker):
    with time_machine.travel(when - timedelta(days=1), tick=False):
        sign_in(client, worker)
        return client.post(
            f"/staff/support-calls/{request.id}/schedule",
            data={
                "schedule-day": [str(when.day), str(when.month), str(when.year)],
                "schedule-time": when.strftime("%H:%M"),
                "schedule-social_worker": str(worker.id),
            },
        )


def row(table, label):
    return next(r[1:] for r in table.rows if r[0] == label)


def test_the_outcome_of_a_held_call_is_saved_and_counted_in_the_years_figures(client, other_client):
    _, request = a_family_asks(other_client)
    assert book_and_hold(client, request, HELD_AT, "signposted").status_code == 302
    db.session.refresh(request)
    assert (request.status, request.outcome, request.held_on) == ("held", "signposted", date(2026, 11, 26))
    figures = reporting.support_calls.figures(YEAR)
    assert figures.calls_held == 1
    assert (figures.average_days, figures.average_working_days, figures.share_within_promise) == (
        3.0,
        3.0,
        100,
    )
    assert figures.outcomes == {
        "Resolved on the call": 0,
        "Signposted elsewhere": 1,
        "Adoption support assessment of need": 0,
        "Adoption Support Fund application": 0,
    }
    table = reporting.table("support-call-timing", YEAR)
    assert row(table, "Calls held") == [0, 1]
    assert row(table, "Outcome: Signposted elsewhere") == [0, 1]


def test_an_adoption_support_fund_outcome_raises_its_own_item_due_in_ten_working_days(client, other_client):
    _, request = a_family_asks(other_client)
    book_and_hold(client, request, HELD_AT, "asf_application")
    follow_on = db.session.scalar(select(TriageItem).where(TriageItem.kind == "asf_application"))
    assert follow_on.title == "Adoption Support Fund application (from SUP-2026-00001)"
    # Held on Thursday 26 November 2026: ten working days on is Thursday 10 December.
    assert (follow_on.due_on, follow_on.due_reason) == (
        date(2026, 12, 10),
        "10 working days from 26 Nov 2026",
    )
    assert (follow_on.household_id, follow_on.council_id) == (request.household_id, request.council_id)
    assert follow_on.status == "new"


def test_the_agencys_promise_sets_the_due_date_the_email_and_the_page(client, agency):
    agency.support_call_working_days = 3
    db.session.commit()
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, family)
        assert "within 3 working days" in get_page(client, "/support-call").text
        ask_for_call(client)
        assert "within 3 working days" in get_page(client, "/support-call/requested").text
    item = db.session.scalar(select(TriageItem))
    assert (item.due_on, item.due_reason) == (date(2026, 11, 26), "3 working days from 23 Nov 2026")
    [confirmation] = emails_to(family.email)
    assert "by 26 November 2026, within 3 working days" in confirmation.body


def test_a_year_in_which_no_held_call_met_the_promise_shows_zero_percent(client, other_client, agency):
    agency.support_call_working_days = 2
    db.session.commit()
    _, request = a_family_asks(other_client)
    book_and_hold(client, request, HELD_AT, "resolved")  # 3 working days: over the promise of 2
    assert reporting.support_calls.figures(YEAR).share_within_promise == 0
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        sign_in(client, UserFactory(role=Role.MANAGER))
        page = get_page(client, "/staff/reports/annual?year=2026/27")
    share = next(tr for tr in page.select("tr") if tr.th and tr.th.text == "Share within the promise (%)")
    assert [td.text for td in share.select("td")] == ["", "0"]


def test_moving_a_booked_call_tells_the_family_it_has_moved(client, other_client):
    family, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Worker")
    book(client, request, HELD_AT, worker)
    assert book(client, request, HELD_AT + timedelta(days=1), worker).status_code == 302
    booked, moved = emails_to(family.email)[-2:]
    assert booked.subject == "Your support call is booked"
    assert moved.subject == "Your support call has moved"
    assert "27 November 2026 at 10:00am" in moved.body and "BEGIN:VEVENT" in moved.ics
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.record_type == "support_call").order_by(AuditEvent.id)
    ).all()
    assert actions == ["support_call.requested", "support_call.scheduled", "support_call.rescheduled"]
    sign_in(client, worker)
    history = get_page(client, f"/staff/queue/{request.triage_item_id}").text
    assert "Call booked" in history and "Call rescheduled" in history


def test_a_call_the_family_cancels_says_so_in_the_history_and_the_audit_log(client, other_client):
    family, request = a_family_asks(other_client)
    sign_in(other_client, family)
    assert other_client.post(f"/support-call/{request.id}/cancel").status_code == 302
    sign_in(client, UserFactory(role=Role.ADVISOR))
    history = get_page(client, f"/staff/queue/{request.triage_item_id}").text
    assert "Cancelled by the family" in history and "Cancelled by staff" not in history
    summary = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "support_call.cancelled")
    )
    assert summary == "Call SUP-2026-00001 cancelled by family"
    assert "as you asked" in emails_to(family.email)[-1].body


def test_a_call_staff_cancel_says_so_in_the_history_and_the_audit_log(client, other_client):
    family, request = a_family_asks(other_client)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    client.post(
        f"/staff/support-calls/{request.id}/cancel",
        data={"cancel-reason": "Your social worker will visit instead"},
    )
    history = get_page(client, f"/staff/queue/{request.triage_item_id}").text
    assert "Cancelled by staff" in history and "Cancelled by the family" not in history
    summary = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "support_call.cancelled")
    )
    assert summary == "Call SUP-2026-00001 cancelled by staff"
    cancelled = emails_to(family.email)[-1]
    assert cancelled.subject == "Your support call is cancelled" and "as you asked" not in cancelled.body


def test_the_request_lands_in_the_queue_about_the_household_raised_by_the_adult_with_who_to_call(
    client, other_client
):
    family = UserFactory(role=Role.FAMILY, full_name="Alex Quimby")
    with time_machine.travel(ASKED, tick=False):
        sign_in(other_client, family)
        ask_for_call(other_client, best_times="Weekday mornings", phone="07700 900982")
    item = db.session.scalar(select(TriageItem))
    assert item.household_id == family.household_id
    sign_in(client, UserFactory(role=Role.ADVISOR))
    page = get_page(client, f"/staff/queue/{item.id}")
    [contact] = [
        summary
        for summary in page.select(".govuk-summary-list")
        if "Best times to call" in summary.text and "Name" in summary.text
    ]
    who = {row.dt.text.strip(): row.dd.text.strip() for row in contact.select(".govuk-summary-list__row")}
    assert (who["Name"], who["Email"], who["Phone"], who["Best times to call"]) == (
        "Alex Quimby",
        family.email,
        "07700 900982",
        "Weekday mornings",
    )
    events = page.find("h2", string="History").find_next_sibling("ul")
    raised = " ".join(events.select("li")[0].get_text(" ").split())
    assert ", Alex Quimby " in raised and raised.endswith("raised: Support-and-advice call")


def test_a_request_is_listed_as_what_it_is_confirmed_with_a_link_to_the_account_and_audited(
    client, other_client
):
    family, request = a_family_asks(other_client)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    page = get_page(client, f"/staff/queue/{request.triage_item_id}")
    what = next(row for row in page.select(".govuk-summary-list__row") if row.dt.text.strip() == "What")
    assert what.dd.text.strip() == "Support-and-advice call"
    [confirmation] = emails_to(family.email)
    assert link_in(confirmation) == "/account"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "support_call.requested"))
    assert (event.actor_id, event.record_type, event.record_id, event.summary) == (
        family.id,
        "support_call",
        request.id,
        "Support call SUP-2026-00001 requested",
    )


def test_a_request_without_a_note_keeps_no_note_and_the_familys_export_names_who_asked(client, other_client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(ASKED, tick=False):
        sign_in(other_client, family)
        ask_for_call(other_client, note="")
    request = db.session.scalar(select(SupportCallRequest))
    assert request.note is None
    sign_in(client, UserFactory(role=Role.MANAGER))
    response = client.post(f"/staff/households/{request.household_id}/subject-access")
    [call] = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("support_call_requests.json"))
    assert (call["requested_by_id"], call["note"]) == (family.id, None)
