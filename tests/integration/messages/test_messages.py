"""Households and peer connectors write to the agency from their home page;
staff answer from the queue on the working-day clock."""

from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, MessageRequest, Role, TriageItem, TriageStatus
from portal.services import agency as agency_settings
from portal.services import messages
from tests.support.emails import emails_to, link_in
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

FIRST = "Our son has started refusing school again since the move"
SECOND = "He also stopped sleeping through the night"
REPLY = "Thank you for telling us: I will call you tomorrow about school"


def family_with_worker(*, worker_name="Sam Worker"):
    worker = UserFactory(
        role=Role.SOCIAL_WORKER,
        full_name=worker_name,
        work_phone="01632 960500",
        work_email="sam.worker@agency.example",
    )
    household = HouseholdFactory(name="The Quimby household", social_worker_id=worker.id)
    parent = UserFactory(
        role=Role.FAMILY, household=household, full_name="Ottoline Quimby", email="o.q@example.com"
    )
    partner = UserFactory(
        role=Role.FAMILY, household=household, full_name="Dee Quimby", email="d.q@example.com"
    )
    db.session.commit()
    return worker, household, parent, partner


def message_item() -> TriageItem:
    return db.session.scalar(select(TriageItem).where(TriageItem.kind == "message"))


def test_a_family_sends_a_message_and_it_opens_an_item_for_their_social_worker(client):
    worker, household, parent, _ = family_with_worker()
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        sign_in(client, parent)
        page = get_page(client, "/account")
        assert page.select_one("a[href='/account/messages']")
        response = client.post("/account/messages", data={"body": FIRST})
        assert response.headers["Location"] == "/account/messages"
        page = get_page(client, "/account/messages")
    assert FIRST in page.main.text
    assert "Message sent. We will answer within 2 working days." in page.text
    item = message_item()
    assert (item.reference, item.assignee_id, item.household_id, item.status) == (
        "MSG-2026-00001",
        worker.id,
        household.id,
        TriageStatus.NEW,
    )
    assert (item.due_on, item.due_reason) == (date(2026, 11, 25), "2 working days from 23 Nov 2026")
    summaries = db.session.scalars(select(AuditEvent.summary)).all()
    assert not any("school" in summary for summary in summaries)


def test_the_message_items_due_date_counts_working_days_over_a_bank_holiday(client):
    *_, parent, _ = family_with_worker()
    # Thursday 24 December: Christmas Day (Friday) and Boxing Day's substitute (Monday 28th) do not count.
    with time_machine.travel("2026-12-24 10:00 +0000", tick=False):
        sign_in(client, parent)
        client.post("/account/messages", data={"body": FIRST})
    assert message_item().due_on == date(2026, 12, 30)


def test_the_agency_sets_how_many_working_days_it_promises(client, agency):
    agency.message_reply_working_days = 5
    db.session.commit()
    *_, parent, _ = family_with_worker()
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        sign_in(client, parent)
        client.post("/account/messages", data={"body": FIRST})
        assert "We answer within 5 working days" in get_page(client, "/account/messages").main.text
    assert message_item().due_on == date(2026, 11, 30)


def test_a_second_message_adds_to_the_open_item(client):
    *_, parent, partner = family_with_worker()
    sign_in(client, parent)
    client.post("/account/messages", data={"body": FIRST})
    sign_in(client, partner)
    client.post("/account/messages", data={"body": SECOND})
    assert len(db.session.scalars(select(TriageItem).where(TriageItem.kind == "message")).all()) == 1
    text = get_page(client, "/account/messages").main.text
    assert FIRST in text and SECOND in text


def test_an_empty_message_is_explained(client):
    *_, parent, _ = family_with_worker()
    sign_in(client, parent)
    response = client.post("/account/messages", data={"body": "  "})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter your message"]
    assert message_item() is None


def test_the_social_worker_replies_from_the_queue_and_the_family_sees_it_and_the_item_is_done(
    client, other_client
):
    worker, _, parent, partner = family_with_worker()
    sign_in(other_client, parent)
    other_client.post("/account/messages", data={"body": FIRST})
    item = message_item()

    sign_in(client, worker)
    page = get_page(client, f"/staff/queue/{item.id}")
    assert FIRST in page.main.text
    response = client.post(
        f"/staff/messages/{messages.existing_thread(parent).id}", data={"item": item.id, "reply-body": REPLY}
    )
    assert response.headers["Location"] == f"/staff/queue/{item.id}"
    db.session.refresh(item)
    assert item.status == TriageStatus.DONE

    for adult in (parent, partner):
        [email] = emails_to(adult.email)
        assert email.subject == "You have a new message"
        assert link_in(email) == "/account/messages"
        for private in ("school", "Thank you", "Quimby", "Ottoline", "Dee", "Sam"):
            assert private not in email.body

    home = get_page(other_client, "/account")
    assert "You have 1 new message" in home.main.text
    assert REPLY in get_page(other_client, "/account/messages").main.text
    assert "new message" not in get_page(other_client, "/account").main.text


def test_a_reply_can_keep_the_item_waiting_and_a_new_message_reopens_it(client, other_client):
    worker, _, parent, _ = family_with_worker()
    sign_in(other_client, parent)
    other_client.post("/account/messages", data={"body": FIRST})
    item = message_item()
    sign_in(client, worker)
    thread_id = messages.existing_thread(parent).id
    client.post(
        f"/staff/messages/{thread_id}", data={"item": item.id, "reply-body": REPLY, "reply-keep_waiting": "y"}
    )
    db.session.refresh(item)
    assert item.status == TriageStatus.WAITING
    other_client.post("/account/messages", data={"body": SECOND})
    db.session.refresh(item)
    assert item.status == TriageStatus.NEW
    assert len(db.session.scalars(select(TriageItem).where(TriageItem.kind == "message")).all()) == 1


def test_after_a_reply_the_next_message_opens_a_new_item(client, other_client):
    worker, _, parent, _ = family_with_worker()
    sign_in(other_client, parent)
    other_client.post("/account/messages", data={"body": FIRST})
    sign_in(client, worker)
    client.post(f"/staff/messages/{messages.existing_thread(parent).id}", data={"reply-body": REPLY})
    other_client.post("/account/messages", data={"body": SECOND})
    items = db.session.scalars(
        select(TriageItem).where(TriageItem.kind == "message").order_by(TriageItem.id)
    ).all()
    assert [i.status for i in items] == [TriageStatus.DONE, TriageStatus.NEW]


def test_staff_start_a_conversation_from_the_household_page(client, other_client):
    worker, household, parent, _ = family_with_worker()
    sign_in(client, worker)
    response = client.post(f"/staff/households/{household.id}/messages", data={})
    thread_url = response.headers["Location"]
    page = get_page(client, thread_url)
    assert "No messages yet." in page.main.text
    client.post(thread_url, data={"reply-body": "Your panel date is booked for March"})
    assert message_item() is None
    assert [e.subject for e in emails_to(parent.email)] == ["You have a new message"]
    sign_in(other_client, parent)
    assert "Your panel date is booked for March" in get_page(other_client, "/account/messages").main.text


def test_staff_reading_a_conversation_is_audited_without_its_text(client, other_client):
    worker, _, parent, _ = family_with_worker()
    sign_in(other_client, parent)
    other_client.post("/account/messages", data={"body": FIRST})
    sign_in(client, worker)
    get_page(client, f"/staff/queue/{message_item().id}")
    viewed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "record.viewed", AuditEvent.record_type == "message_thread"
        )
    ).all()
    assert [(e.actor_id, e.summary) for e in viewed] == [
        (worker.id, f"Conversation {messages.existing_thread(parent).id} read")
    ]


def test_a_peer_connector_writes_to_the_team_and_gets_an_answer(client, other_client):
    connector = UserFactory(role=Role.CONNECTOR, full_name="Cass Connector", email="cass@example.com")
    db.session.commit()
    sign_in(other_client, connector)
    assert other_client.post("/connector/messages", data={"body": FIRST}).status_code == 302
    item = message_item()
    assert (item.contact.name, item.household_id, item.assignee_id) == ("Cass Connector", None, None)
    staff = UserFactory(role=Role.ADVISOR)
    db.session.commit()
    sign_in(client, staff)
    assert "Cass Connector" in get_page(client, "/staff/queue?q=cass").main.text
    client.post(
        f"/staff/messages/{messages.existing_thread(connector).id}",
        data={"item": item.id, "reply-body": REPLY},
    )
    [email] = emails_to("cass@example.com")
    assert link_in(email) == "/connector/messages"
    assert "(1 new message)" in get_page(other_client, "/connector").main.text
    assert REPLY in get_page(other_client, "/connector/messages").main.text


def test_managers_keep_saved_replies_that_staff_start_a_reply_from(app, client, other_client):
    worker, _, parent, _ = family_with_worker()
    manager = UserFactory(role=Role.MANAGER)
    db.session.commit()
    sign_in(client, manager)
    response = client.post(
        "/staff/saved-replies",
        data={"title": "We will call", "body": "Thank you. We will phone you this week."},
    )
    assert response.status_code == 302
    assert client.post("/staff/saved-replies", data={"title": "We will call", "body": "x"}).status_code == 400
    [reply] = messages.all_replies()

    sign_in(other_client, parent)
    other_client.post("/account/messages", data={"body": FIRST})
    staff_client = app.test_client()
    sign_in(staff_client, worker)
    assert staff_client.get("/staff/saved-replies").status_code == 403
    page = get_page(staff_client, f"/staff/queue/{message_item().id}?saved_reply={reply.id}")
    assert (
        page.select_one("textarea[name=reply-body]").text.strip() == "Thank you. We will phone you this week."
    )
    assert staff_client.get(f"/staff/queue/{message_item().id}?saved_reply=abc").status_code == 400

    client.post(f"/staff/saved-replies/{reply.id}", data={"title": "We will call", "body": "Changed."})
    assert messages.get_reply(reply.id).body == "Changed."
    client.post(f"/staff/saved-replies/{reply.id}/delete", data={})
    assert messages.all_replies() == []


def test_the_first_reply_is_timed_in_working_days(client, other_client):
    worker, _, parent, _ = family_with_worker()
    with time_machine.travel("2026-12-24 10:00 +0000", tick=False):
        sign_in(other_client, parent)
        other_client.post("/account/messages", data={"body": FIRST})
    with time_machine.travel("2026-12-30 15:00 +0000", tick=False):
        sign_in(client, worker)
        client.post(f"/staff/messages/{messages.existing_thread(parent).id}", data={"reply-body": REPLY})
    request = db.session.scalar(select(MessageRequest))
    assert (request.received_on, request.answer_due_on, request.working_days_to_reply) == (
        date(2026, 12, 24),
        date(2026, 12, 30),
        2,
    )


def test_the_account_page_gives_the_social_workers_and_the_agencys_contact_details(client):
    *_, parent, _ = family_with_worker()
    sign_in(client, parent)
    page = get_page(client, "/account")
    details = {
        row.select_one("dt").text.strip(): row.select_one("dd").text.strip()
        for row in page.select("#contact-us .govuk-summary-list__row")
    }
    settings = agency_settings.settings()
    assert details == {
        "Your social worker": "Sam Worker",
        "Their phone": "01632 960500",
        "Their email": "sam.worker@agency.example",
        "The adoption team’s phone": settings.contact_phone,
        "The adoption team’s email": settings.contact_email,
    }
