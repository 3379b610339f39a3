"""The agency's email cannot be turned on someone: public forms send one
address at most three emails an hour between them, and a name typed on a
public form that looks like a link is never echoed in an email."""

from datetime import timedelta

import pytest
import time_machine

from portal.models import Role
from portal.services import clock
from tests.support.emails import emails_to, link_in
from tests.support.factories import CouncilFactory, EventFactory, UserFactory

TARGET = "target@example.com"


def book(client, event, *, name="Robin Visitor", email=TARGET):
    return client.post(f"/events/{event.id}", data={"full_name": name, "email": email})


def ask_for_pack(client, *, name="Robin Enquirer", email=TARGET):
    kent = CouncilFactory(name="Kent")
    return client.post(
        "/information-pack",
        data={
            "full_name": name,
            "email": email,
            "postcode": "ME4 4TR",
            "council": str(kent.id),
            "consent": "no",
        },
    )


def test_four_public_bookings_with_one_address_send_only_three_emails(client):
    event = EventFactory()
    responses = [book(client, event) for _ in range(4)]
    assert {r.status_code for r in responses} == {302}
    assert {r.headers["Location"] for r in responses} == {f"/events/{event.id}/booked"}
    assert len(emails_to(TARGET)) == 3


def test_a_forgot_password_flood_sends_no_more_than_three_reset_emails_an_hour(client):
    admin = UserFactory(role=Role.ADMIN, email=TARGET)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        responses = [client.post("/forgot-password", data={"email": admin.email}) for _ in range(12)]
        assert {r.headers["Location"] for r in responses} == {"/forgot-password/sent"}
        resets = emails_to(TARGET)
        assert len(resets) == 3
        # The requests beyond the limit did not replace the link in the last email.
        assert client.get(link_in(resets[-1])).status_code == 200
        traveller.shift(timedelta(hours=1, seconds=1))
        client.post("/forgot-password", data={"email": admin.email})
        assert len(emails_to(TARGET)) == 4


def test_the_limit_counts_every_public_form_together_and_the_pages_answer_as_usual(client):
    UserFactory(email=TARGET)
    event = EventFactory()
    assert ask_for_pack(client).headers["Location"] == "/information-pack/sent"
    book(client, event)
    client.post("/forgot-password", data={"email": TARGET})
    assert len(emails_to(TARGET)) == 3
    other_event = EventFactory()
    assert book(client, other_event).headers["Location"] == f"/events/{other_event.id}/booked"
    assert client.get(f"/events/{other_event.id}/booked").status_code == 200
    assert len(emails_to(TARGET)) == 3
    assert len(emails_to("someone.else@example.com")) == 0
    book(client, other_event, email="someone.else@example.com")
    assert len(emails_to("someone.else@example.com")) == 1


def test_emails_to_someone_signed_in_are_not_held_back_by_public_forms(client, sign_in_as):
    family = sign_in_as(Role.FAMILY, email=TARGET)
    for _ in range(3):
        client.post("/forgot-password", data={"email": family.email})
    assert len(emails_to(TARGET)) == 3
    event = EventFactory()
    client.post(f"/events/{event.id}")
    assert [m.template for m in emails_to(TARGET)][-1] == "booking_confirmed"


@pytest.mark.parametrize(
    "name", ["https://evil.example/claim", "www.evil.example", "evil.example", "claim@evil.example"]
)
def test_a_booking_name_that_looks_like_a_link_is_never_echoed_in_the_email(client, name):
    book(client, EventFactory(), name=name)
    [email] = emails_to(TARGET)
    assert email.body.startswith("Hello,\n")
    assert "evil" not in email.body


def test_an_information_pack_name_that_looks_like_a_link_gets_a_neutral_greeting(client):
    ask_for_pack(client, name="https://evil.example/claim Bloggs")
    [email] = emails_to(TARGET)
    assert email.body.startswith("Hello,\n") and "evil" not in email.body


def test_an_ordinary_name_is_still_greeted_by_its_first_part(client):
    book(client, EventFactory(), name="Mary-Jane O'Brien")
    assert emails_to(TARGET)[0].body.startswith("Dear Mary-Jane,\n")
