"""A support-and-advice call from request to outcome, as the family and staff
live it: cancelling with a reason or after confirming, asking again while a
call is open, asking for another time, times that do not suit, calls nobody
answers, and what was agreed."""

from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Role, SupportCallRequest, SurveyInvitation, TriageItem, TriageNote
from portal.services import clock, reporting, support_calls
from portal.services.financial_year import FinancialYear
from tests.integration.support.test_support_calls import ask_for_call, book_and_hold
from tests.support.emails import emails_to
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

ASKED = "2026-11-23 09:00 +0000"  # a Monday
THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON)


def a_family_asks(client, **fields):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, family)
        ask_for_call(client, **fields)
    return family, db.session.scalars(
        select(SupportCallRequest).order_by(SupportCallRequest.id.desc())
    ).first()


def book(client, request, when: datetime, worker, **extra):
    day = when.astimezone(clock.LONDON)
    return client.post(
        f"/staff/support-calls/{request.id}/schedule",
        data={
            "schedule-day": [str(day.day), str(day.month), str(day.year)],
            "schedule-time": day.strftime("%H:%M"),
            "schedule-social_worker": str(worker.id),
            **extra,
        },
    )


def test_staff_must_give_a_reason_which_the_family_reads_in_the_email_and_on_their_account(
    client, other_client
):
    family, request = a_family_asks(other_client)
    sign_in(client, UserFactory(role=Role.ADVISOR))
    refused = client.post(f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": "  "})
    assert refused.status_code == 400
    assert error_summary(parse(refused)) == ["Tell the family why the call is cancelled"]
    db.session.refresh(request)
    assert request.status == "requested"

    reason = "Your social worker Sam will visit you on Friday instead"
    client.post(f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": reason})
    email = emails_to(family.email)[-1]
    assert email.subject == "Your support call is cancelled" and reason in email.body
    sign_in(other_client, family)
    card = get_page(other_client, "/account").select_one(".govuk-summary-card")
    assert "Why we cancelled it" in card.text and reason in card.text
    summary = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "support_call.cancelled")
    )
    assert reason not in summary


def test_a_family_is_asked_to_confirm_before_their_call_is_cancelled(client):
    family, request = a_family_asks(client)
    sign_in(client, family)
    account = get_page(client, "/account")
    cancel_link = account.select_one(".govuk-summary-card__actions a[href$='/cancel']")
    card_title = f"Support-and-advice call {request.triage_item.reference}"
    assert cancel_link.get_text(" ", strip=True) == f"Cancel ({card_title})"
    confirm = get_page(client, cancel_link["href"])
    assert confirm.h1.text == "Are you sure you want to cancel your support call?"
    db.session.refresh(request)
    assert request.status == "requested"  # looking at the question cancels nothing
    assert confirm.find("a", string="No, keep the call")["href"] == "/account"
    form = confirm.select_one("main form")
    assert client.post(form.get("action") or f"/support-call/{request.id}/cancel").status_code == 302
    db.session.refresh(request)
    assert request.status == "cancelled"


def test_asking_again_while_a_call_is_open_shows_the_open_call_and_it_is_counted_once(client):
    family, request = a_family_asks(client)
    with time_machine.travel(ASKED, tick=False):
        page = get_page(client, "/support-call")
        assert page.h1.text == "You already have a support call open"
        assert request.triage_item.reference in page.text
        assert page.select_one("input[name=best_times]") is None
        again = ask_for_call(client)  # a second tab, sent anyway
    assert again.status_code == 200 and "You already have a support call open" in again.text
    assert db.session.scalar(select(func.count(SupportCallRequest.id))) == 1
    assert db.session.scalar(select(func.count(TriageItem.id))) == 1
    assert reporting.support_calls.figures(FinancialYear(2026)).total == 1
    assert len(emails_to(family.email)) == 1


def test_a_second_adult_of_the_household_asking_is_shown_the_same_open_call(client, other_client):
    family, request = a_family_asks(client)
    partner = UserFactory(role=Role.FAMILY, household=family.household)
    sign_in(other_client, partner)
    page = get_page(other_client, "/support-call")
    assert page.h1.text == "You already have a support call open"
    assert request.triage_item.reference in page.text
    with time_machine.travel(ASKED, tick=False), pytest.raises(support_calls.CallAlreadyOpen) as raised:
        support_calls.request_call(user_id=partner.id, best_times="Evenings", phone="07700 900123", note=None)
    assert raised.value.request.id == request.id


def test_the_family_asks_for_another_time_and_it_lands_on_the_item(client, other_client):
    family, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, worker)
        assert book(client, request, THURSDAY_10AM, worker).status_code == 302
        sign_in(other_client, family)
        page = get_page(other_client, f"/support-call/{request.id}/another-time")
        assert "26 November 2026 at 10:00am" in page.text
        empty = other_client.post(f"/support-call/{request.id}/another-time", data={"best_times": ""})
        assert error_summary(parse(empty)) == ["Tell us when would suit you better"]
        sent = other_client.post(
            f"/support-call/{request.id}/another-time", data={"best_times": "Friday after 2pm"}
        )
        assert sent.headers["Location"] == "/account"
    db.session.refresh(request)
    item = db.session.get(TriageItem, request.triage_item_id)
    assert (request.best_times, item.status) == ("Friday after 2pm", "new")
    note = db.session.scalar(select(TriageNote.body).where(TriageNote.triage_item_id == item.id))
    assert note == "The family asked for another time: Friday after 2pm"
    sign_in(client, worker)
    assert "Friday after 2pm" in get_page(client, f"/staff/queue/{item.id}").text


def test_another_household_cannot_ask_for_another_time_on_a_call_not_theirs(client, other_client):
    _, request = a_family_asks(other_client)
    sign_in(client, UserFactory(role=Role.FAMILY))
    assert client.get(f"/support-call/{request.id}/another-time").status_code == 404
    assert (
        client.post(f"/support-call/{request.id}/another-time", data={"best_times": "x"}).status_code == 404
    )
    assert client.get(f"/support-call/{request.id}/cancel").status_code == 404


def test_staff_are_warned_about_a_time_at_night_outside_the_familys_times_and_may_keep_it(
    client, other_client
):
    family, request = a_family_asks(other_client, best_times="weekday evenings after 7pm")
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    night = datetime(2026, 11, 26, 1, 7, tzinfo=clock.LONDON)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, worker)
        warned = book(client, request, night, worker)
        assert warned.status_code == 200
        page = parse(warned)
        warnings = [w.get_text(" ", strip=True) for w in page.select(".govuk-warning-text__text")]
        assert warnings == [
            "Warning This call is outside 08:00 to 20:00.",
            "Warning The family said the best times are ‘weekday evenings after 7pm’, "
            "and this call is outside them.",
        ]
        db.session.refresh(request)
        assert (
            request.status == "requested"
            and emails_to(family.email)[-1].subject != "Your support call is booked"
        )
        kept = page.select_one("input[name=schedule-warned_for]")["value"]
        assert page.select_one("input[type=submit], button[type=submit]") is not None
        assert book(client, request, night, worker, **{"schedule-warned_for": kept}).status_code == 302
    db.session.refresh(request)
    assert request.status == "scheduled"


def test_a_time_the_family_asked_for_books_without_a_warning(client, other_client):
    _, request = a_family_asks(other_client, best_times="weekday evenings after 7pm")
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, worker)
        quarter_past_seven = datetime(2026, 11, 26, 19, 15, tzinfo=clock.LONDON)
        assert book(client, request, quarter_past_seven, worker).status_code == 302


def test_could_not_reach_keeps_the_call_open_counts_the_tries_and_tells_the_family(client, other_client):
    family, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    for attempt, when in enumerate([THURSDAY_10AM, THURSDAY_10AM + timedelta(days=1)], start=1):
        with time_machine.travel(when - timedelta(days=1), tick=False):
            sign_in(client, worker)
            assert book(client, request, when, worker).status_code == 302
        with time_machine.travel(when + timedelta(minutes=40), tick=False):
            sign_in(client, worker)
            answered = client.post(
                f"/staff/support-calls/{request.id}/outcome", data={"outcome-outcome": "not_reached"}
            )
            assert answered.status_code == 302
        db.session.refresh(request)
        assert (request.status, request.attempts, request.scheduled_for) == ("requested", attempt, None)
    item = db.session.get(TriageItem, request.triage_item_id)
    assert item.status == "in_progress"
    email = emails_to(family.email)[-1]
    assert email.subject == "We could not reach you for your support call"
    assert "27 November 2026 at 10:00am" in email.body and "07700 900982" in email.body
    assert db.session.scalar(select(SurveyInvitation.id)) is None  # nothing was held yet
    assert reporting.support_calls.figures(FinancialYear(2026)).total == 1
    sign_in(other_client, family)
    assert "could not reach you" in get_page(other_client, "/account").text
    sign_in(client, worker)
    page = get_page(client, f"/staff/support-calls/{request.id}")
    assert "Tries that did not reach the family" in page.text and "Book the call" in page.text


def test_could_not_reach_is_refused_before_the_call_time(client, other_client):
    _, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel(ASKED, tick=False):
        sign_in(client, worker)
        book(client, request, THURSDAY_10AM, worker)
        early = client.post(
            f"/staff/support-calls/{request.id}/outcome", data={"outcome-outcome": "not_reached"}
        )
    assert early.status_code == 400
    assert error_summary(parse(early)) == [
        "Try the call at its time before saying you could not reach the family"
    ]


def test_an_outcome_says_what_we_agreed_and_the_family_reads_it(client, other_client):
    family, request = a_family_asks(other_client)
    missing = book_and_hold(client, request, THURSDAY_10AM, "signposted", agreed="")
    assert missing.status_code == 400
    assert error_summary(parse(missing)) == ["Say what you agreed with the family"]
    agreed = "We will email you details of the Medway stay-and-play group"
    with time_machine.travel(THURSDAY_10AM + timedelta(hours=1), tick=False):
        sign_in(client, UserFactory(role=Role.SOCIAL_WORKER))
        client.post(
            f"/staff/support-calls/{request.id}/outcome",
            data={"outcome-outcome": "signposted", "outcome-agreed": agreed},
        )
    sign_in(other_client, family)
    card = get_page(other_client, "/account").select_one(".govuk-summary-card")
    assert "Signposted elsewhere" in card.text and agreed in card.text
    assert db.session.scalar(select(func.count(SurveyInvitation.id))) == 1
    summaries = db.session.scalars(select(AuditEvent.summary)).all()
    assert all(agreed not in summary for summary in summaries)


def test_a_cancelled_call_sends_no_post_order_survey(client):
    family, request = a_family_asks(client)
    client.post(f"/support-call/{request.id}/cancel")
    assert db.session.scalar(select(SurveyInvitation.id)) is None
