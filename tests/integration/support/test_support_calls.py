from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, Stage, StageChange, SupportCallRequest, TriageItem
from portal.services import clock, support_calls
from tests.support.emails import emails_to
from tests.support.factories import CouncilFactory, HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

NOTE = "Our son is struggling at school and we are worried about his health"


def open_request_id() -> int:
    return db.session.scalar(select(SupportCallRequest.id).where(SupportCallRequest.status != "cancelled"))


def ask_for_call(client, **fields):
    data = {"best_times": "Weekday mornings", "phone": "07700 900982", "note": NOTE}
    data.update(fields)
    return client.post("/support-call", data=data)


def test_a_family_asks_for_a_call_on_christmas_eve_and_it_is_due_after_the_bank_holidays(client, sign_in_as):
    with time_machine.travel("2026-12-24 10:00 +0000", tick=False):
        family = sign_in_as(Role.FAMILY)
        response = ask_for_call(client)
        assert response.headers["Location"] == "/support-call/requested"
        page = get_page(client, "/support-call/requested")
    reference = page.select_one(".govuk-panel__body strong").text
    assert reference == "SUP-2026-00001"
    item = db.session.scalar(select(TriageItem))
    assert (item.kind, item.due_on, item.due_reason) == (
        "support_call",
        date(2027, 1, 5),
        "5 working days from 24 Dec 2026",
    )
    assert item.council_id == family.household.council_id
    [confirmation] = emails_to(family.email)
    assert confirmation.subject == "We have your request for a support call"
    assert reference in confirmation.body and "5 January 2027" in confirmation.body


def test_the_note_is_never_emailed_or_audited(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    ask_for_call(client)
    assert all("struggling" not in m.body for m in emails_to(family.email))
    summaries = db.session.scalars(select(AuditEvent.summary)).all()
    assert all("struggling" not in s for s in summaries)


def test_the_phone_number_is_offered_again_next_time(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    ask_for_call(client, phone="01632 960001")
    request = db.session.scalar(select(SupportCallRequest))
    support_calls.cancel(request_id=request.id, actor_id=family.id, by_family=True)
    db.session.commit()
    page = get_page(client, "/support-call")
    assert page.select_one("input[name=phone]")["value"] == "01632 960001"


def test_a_bad_phone_number_is_explained_and_nothing_is_saved(client, sign_in_as):
    sign_in_as(Role.FAMILY)
    response = ask_for_call(client, phone="call me", best_times="")
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Tell us when is best to call you",
        "Enter a phone number, like 07700 900 982 or 01632 960 001",
    ]
    assert db.session.scalar(select(SupportCallRequest.id)) is None


def test_the_placing_council_is_responsible_for_three_years_after_the_order(client, sign_in_as):
    kent, medway = CouncilFactory(name="Kent"), CouncilFactory(name="Medway")
    household = HouseholdFactory(council=kent, placing_council=medway)
    family = UserFactory(role=Role.FAMILY, household=household)
    db.session.add(
        StageChange(
            household_id=household.id,
            stage=Stage.ADOPTION_ORDER,
            started_on=date(2023, 12, 1),
            recorded_at=clock.now(),
        )
    )
    db.session.commit()
    for day in ("2026-11-30", "2026-12-01"):
        with time_machine.travel(f"{day} 10:00 +0000", tick=False):
            sign_in(client, family)
            ask_for_call(client)
            client.post(f"/support-call/{open_request_id()}/cancel")
    requests = db.session.scalars(select(SupportCallRequest).order_by(SupportCallRequest.id))
    assert [r.council.name for r in requests] == ["Medway", "Kent"]


def test_staff_book_the_call_the_family_is_emailed_a_calendar_file_and_sees_it(
    client, other_client, sign_in_as
):
    family = UserFactory(role=Role.FAMILY)
    sign_in(other_client, family)
    ask_for_call(other_client, best_times="Any time")
    request = db.session.scalar(select(SupportCallRequest))
    sign_in_as(Role.ADVISOR)
    worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Worker")

    item_page = get_page(client, f"/staff/queue/{request.triage_item_id}")
    assert item_page.find("a", string="Open the support call: what was asked, booking and outcome")[
        "href"
    ] == (f"/staff/support-calls/{request.id}")
    page = get_page(client, f"/staff/support-calls/{request.id}")
    assert NOTE in page.text  # staff working the request see the note
    when = clock.today() + timedelta(days=2)
    response = client.post(
        f"/staff/support-calls/{request.id}/schedule",
        data={
            "schedule-day": [str(when.day), str(when.month), str(when.year)],
            "schedule-time": "14:30",
            "schedule-social_worker": str(worker.id),
        },
    )
    assert response.status_code == 302
    booked = emails_to(family.email)[-1]
    assert booked.subject == "Your support call is booked"
    assert "Sam Worker" in booked.body and "2:30pm" in booked.body
    assert "BEGIN:VEVENT" in booked.ics and "SUMMARY:Support-and-advice call" in booked.ics
    assert "struggling" not in booked.ics

    account = get_page(other_client, "/account")
    assert "Call booked" in account.text and "2:30pm with Sam Worker" in account.text


def test_a_family_cancels_their_call_from_their_account(client, sign_in_as):
    family = sign_in_as(Role.FAMILY)
    ask_for_call(client)
    request = db.session.scalar(select(SupportCallRequest))
    assert client.post(f"/support-call/{request.id}/cancel").headers["Location"] == "/account"
    db.session.refresh(request)
    assert request.status == "cancelled"
    assert db.session.get(TriageItem, request.triage_item_id).status == "cancelled"
    assert emails_to(family.email)[-1].subject == "Your support call is cancelled"


def test_a_family_cannot_cancel_another_familys_call_nor_tell_it_from_one_that_does_not_exist(
    client, other_client, sign_in_as
):
    sign_in(other_client, UserFactory(role=Role.FAMILY))
    ask_for_call(other_client)
    other_client.post(f"/support-call/{open_request_id()}/cancel")
    ask_for_call(other_client)
    closed_call, open_call = db.session.scalars(select(SupportCallRequest).order_by(SupportCallRequest.id))
    sign_in_as(Role.FAMILY)
    answers = [
        client.post(f"/support-call/{request_id}/cancel")
        for request_id in (open_call.id, closed_call.id, closed_call.id + 1000)
    ]
    assert [response.status_code for response in answers] == [404, 404, 404]
    assert len({str(parse(response).main) for response in answers}) == 1
    db.session.refresh(open_call)
    assert open_call.status == "requested"


def book_and_hold(
    client, request, when: datetime, outcome: str, agreed: str = "We will send you the group's details"
):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel(when - timedelta(days=1), tick=False):
        sign_in(client, worker)
        client.post(
            f"/staff/support-calls/{request.id}/schedule",
            data={
                "schedule-day": [str(when.day), str(when.month), str(when.year)],
                "schedule-time": when.strftime("%H:%M"),
                "schedule-social_worker": str(worker.id),
            },
        )
    with time_machine.travel(when + timedelta(hours=1), tick=False):
        sign_in(client, worker)
        return client.post(
            f"/staff/support-calls/{request.id}/outcome",
            data={"outcome-outcome": outcome, "outcome-agreed": agreed},
        )


def test_an_assessment_outcome_closes_the_call_and_raises_its_own_item(client, other_client):
    with time_machine.travel("2026-11-23 09:00 +0000", tick=False):
        sign_in(other_client, UserFactory(role=Role.FAMILY))
        ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    response = book_and_hold(
        client, request, datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON), "assessment"
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert (request.status, request.days_to_call, request.working_days_to_call) == ("held", 3, 3)
    kinds = db.session.scalars(select(TriageItem.kind).order_by(TriageItem.id)).all()
    assert kinds == ["support_call", "support_assessment"]
    assert db.session.get(TriageItem, request.triage_item_id).status == "done"


def test_an_outcome_cannot_be_recorded_before_the_call_is_booked(client, other_client, sign_in_as):
    sign_in(other_client, UserFactory(role=Role.FAMILY))
    ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    sign_in_as(Role.SOCIAL_WORKER)
    response = client.post(
        f"/staff/support-calls/{request.id}/outcome",
        data={"outcome-outcome": "resolved", "outcome-agreed": "Nothing yet"},
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Book the call before recording its outcome"]


def test_a_call_cannot_be_booked_in_the_past(client, other_client, sign_in_as):
    sign_in(other_client, UserFactory(role=Role.FAMILY))
    ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    sign_in_as(Role.SOCIAL_WORKER)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    yesterday = clock.today() - timedelta(days=1)
    response = client.post(
        f"/staff/support-calls/{request.id}/schedule",
        data={
            "schedule-day": [str(yesterday.day), str(yesterday.month), str(yesterday.year)],
            "schedule-time": "25:00",
            "schedule-social_worker": str(worker.id),
        },
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter a time like 09:30 or 14:30"]


def test_closing_a_call_with_an_outcome_invites_the_family_to_the_post_order_survey(client, other_client):
    from portal.models import SurveyInvitation

    with time_machine.travel("2026-11-23 09:00 +0000", tick=False):
        sign_in(other_client, UserFactory(role=Role.FAMILY))
        ask_for_call(other_client)
    request = db.session.scalar(select(SupportCallRequest))
    book_and_hold(client, request, datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON), "resolved")
    [invitation] = db.session.scalars(select(SurveyInvitation)).all()
    assert (invitation.kind, invitation.household_id) == ("post_order", request.household_id)
