from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import InformationPackRequest, TriageItem
from portal.services import clock
from tests.support.emails import emails_to
from tests.support.factories import CouncilFactory, EventFactory
from tests.support.pages import error_summary, get_page, parse


def ask_for_pack(client, **fields):
    kent = CouncilFactory(name="Kent")
    data = {
        "full_name": "Robin Enquirer",
        "email": "robin@example.com",
        "postcode": "me44tr",
        "council": str(kent.id),
        "heard_about": "friend",
        "consent": "yes",
        "phone": "07700 900123",
        "best_times": "Weekday evenings",
    }
    data.update(fields)
    return client.post("/information-pack", data=data)


def test_an_enquirer_asks_for_the_pack_at_night_and_gets_it_with_a_reference(client):
    with time_machine.travel("2026-11-23 22:30 +0000", tick=False):
        response = ask_for_pack(client)
        assert response.headers["Location"] == "/information-pack/sent"
        page = get_page(client, "/information-pack/sent")
    assert page.h1.text.strip() == "Information pack sent"
    reference = "PACK-2026-00001"

    [email] = emails_to("robin@example.com")
    assert email.subject == "Your adoption information pack"
    assert f"Your reference: {reference}" in email.body
    for link in (
        "https://videos.agency.example.com/pack",
        "https://agency.example.com/pack/presentation",
        "https://agency.example.com/pack/guide.pdf",
    ):
        assert link in email.body
    assert "An advisor will phone you within 2 working days" in email.body

    request = db.session.scalar(select(InformationPackRequest))
    assert (request.postcode, request.council.name) == ("ME4 4TR", "Kent")
    follow_up = db.session.get(TriageItem, request.triage_item_id)
    assert (follow_up.reference, follow_up.kind, follow_up.council.name) == (
        reference,
        "information_pack",
        "Kent",
    )
    # Asked at 22:30 on a Monday: counted from Tuesday, so due Thursday.
    assert follow_up.due_on.isoformat() == "2026-11-26"
    assert follow_up.due_reason == "2 working days from 24 Nov 2026"


def answer_to(client, response) -> tuple:
    """What the person asking sees: the redirect, then the page it leads to."""
    page = client.get(response.headers["Location"])
    return response.status_code, response.headers["Location"], page.status_code, str(parse(page).main)


def test_someone_typing_an_address_that_asked_today_is_answered_as_a_first_request_is(client, other_client):
    first = answer_to(client, ask_for_pack(client))
    repeat = answer_to(other_client, ask_for_pack(other_client, email="ROBIN@example.com "))
    assert repeat == first
    assert "PACK-" not in repeat[3]
    assert len(emails_to("robin@example.com")) == 1
    assert len(db.session.scalars(select(InformationPackRequest)).all()) == 1


def test_asking_again_the_next_day_sends_it_again(client):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        ask_for_pack(client)
        traveller.shift(timedelta(days=1, minutes=1))
        ask_for_pack(client)
    assert len(emails_to("robin@example.com")) == 2


def test_someone_who_does_not_want_a_call_gets_the_pack_and_no_follow_up(client):
    ask_for_pack(client, consent="no")
    [email] = emails_to("robin@example.com")
    assert "we will not call" in email.body
    assert db.session.scalar(select(TriageItem.id)) is None
    assert "Your reference: PACK-" in email.body


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(client):
    response = ask_for_pack(client, website="http://spam.example")
    assert response.headers["Location"] == "/information-pack/sent"
    assert db.session.scalar(select(InformationPackRequest.id)) is None
    assert emails_to("robin@example.com") == []


def test_mistakes_are_explained_and_nothing_is_saved(client):
    response = ask_for_pack(client, email="not-an-email", postcode="12345", consent="")
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Enter an email address in the correct format, like name@example.com",
        "Enter a real postcode, like ME4 4TR",
        "Tell us whether an advisor can phone you",
    ]
    assert db.session.scalar(select(InformationPackRequest.id)) is None


def test_a_council_that_is_not_offered_is_refused(client):
    response = ask_for_pack(client, council="99999")
    assert response.status_code == 400


def test_the_form_asks_only_what_the_task_needs(client):
    CouncilFactory(name="Medway")
    page = get_page(client, "/information-pack")
    names = {field["name"] for field in page.select("form input, form select, form textarea")}
    assert names == {
        "full_name",
        "email",
        "postcode",
        "council",
        "heard_about",
        "consent",
        "phone",
        "best_times",
        "website",
    }
    # The phone number and time are revealed only under "Yes".
    reveal = page.select_one("#" + page.select_one("input[name=consent][value=yes]")["data-portal-reveals"])
    assert {field["name"] for field in reveal.select("input")} == {"phone", "best_times"}


def test_asking_for_a_call_without_a_number_or_a_time_is_explained_and_nothing_is_saved(client):
    response = ask_for_pack(client, phone="", best_times="")
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Enter a phone number so the advisor can call you",
        "Tell us when is a good time to call",
    ]
    assert db.session.scalar(select(InformationPackRequest.id)) is None


def test_a_number_that_is_not_a_phone_number_is_refused(client):
    response = ask_for_pack(client, phone="call me")
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter a phone number, like 01632 960 001 or 07700 900 982"]


def test_someone_who_wants_no_call_is_not_asked_for_a_number_and_none_is_kept(client):
    assert ask_for_pack(client, consent="no", phone="", best_times="").status_code == 302
    assert ask_for_pack(client, consent="no", email="other@example.com").status_code == 302
    phones = db.session.scalars(select(InformationPackRequest.phone)).all()
    assert phones == [None, None]


def test_the_follow_up_keeps_the_number_and_time_and_the_email_gives_the_agency_phone(client):
    ask_for_pack(client)
    request = db.session.scalar(select(InformationPackRequest))
    assert (request.phone, request.best_times) == ("07700 900123", "Weekday evenings")
    item = db.session.get(TriageItem, request.triage_item_id)
    assert (item.contact.name, item.contact.phone, item.contact.best_times) == (
        "Robin Enquirer",
        "07700 900123",
        "Weekday evenings",
    )
    [email] = emails_to("robin@example.com")
    assert f"Your reference: {item.reference}" in email.body
    assert "phone 0300 123 4567 and give your reference" in email.body


def test_the_pack_without_a_call_lists_the_next_information_events_and_links_them(client):
    soon = EventFactory(title="Information evening in Maidstone")
    with time_machine.travel(clock.now(), tick=False):
        ask_for_pack(client, consent="no")
    [email] = emails_to("robin@example.com")
    assert "Our next information events:" in email.body
    assert f"- {soon.title}, " in email.body
    assert "book a place: http://portal.test/events" in email.body
    assert "phone us on 0300 123 4567" in email.body
