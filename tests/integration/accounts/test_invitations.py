from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import Household, Role, User
from portal.services import clock
from tests.support.authenticator import next_code
from tests.support.emails import emails_to, link_in
from tests.support.factories import CouncilFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse


def invite(client, **fields):
    data = {"full_name": "Jo Bloggs", "email": "jo@example.com", "role": "advisor", "council": ""}
    data.update(fields)
    return client.post("/staff/invite", data=data)


def test_an_admin_invites_a_social_worker_who_sets_a_password_and_signs_in(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    response = invite(client, email="Jo@Example.com", role="social_worker")
    assert response.headers["Location"] == "/staff/invite"
    assert "Invitation sent to Jo Bloggs" in get_page(client, "/staff/invite").text

    [email] = emails_to("jo@example.com")
    assert email.subject == "Set up your account for the adoption portal"
    assert "expires in 72 hours" in email.body
    link = link_in(email)

    page = get_page(other_client, link)
    assert "jo@example.com" in page.text
    response = other_client.post(
        link, data={"password": "marble kettle orchard", "confirm": "marble kettle orchard"}
    )
    # Staff set up an authenticator app before they see anything.
    assert response.headers["Location"] == "/sign-in/set-up-authenticator"
    assert other_client.get("/staff/queue").status_code == 302
    person = db.session.scalar(select(User).where(User.email == "jo@example.com"))
    response = other_client.post("/sign-in/set-up-authenticator", data={"code": next_code(person)})
    assert parse(response).select_one("a.govuk-button")["href"] == "/staff/queue"
    assert other_client.get("/staff/queue").status_code == 200


def test_an_invitation_link_works_only_once(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    invite(client)
    link = link_in(emails_to("jo@example.com")[0])
    other_client.post(link, data={"password": "marble kettle orchard", "confirm": "marble kettle orchard"})
    page = get_page(other_client, link, status=404)
    assert page.h1.text.strip() == "This link has expired or has already been used"
    assert other_client.post(link, data={"password": "x" * 20, "confirm": "x" * 20}).status_code == 404


def test_an_invitation_expires_after_72_hours(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        invite(client)
        link = link_in(emails_to("jo@example.com")[0])
        traveller.shift(timedelta(hours=71, minutes=59))
        assert other_client.get(link).status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert other_client.get(link).status_code == 404


def test_sending_an_invitation_again_makes_the_old_link_stop_working(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    invite(client)
    person = db.session.scalar(select(User).where(User.email == "jo@example.com"))
    first_link = link_in(emails_to("jo@example.com")[0])
    client.post(f"/staff/users/{person.id}/resend")
    second_link = link_in(emails_to("jo@example.com")[1])
    assert other_client.get(first_link).status_code == 404
    assert other_client.get(second_link).status_code == 200


def test_a_common_password_is_refused_when_accepting(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    invite(client)
    link = link_in(emails_to("jo@example.com")[0])
    response = other_client.post(link, data={"password": "password1234", "confirm": "password1234"})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Password is too easy to guess. Try three random words"]
    assert other_client.get(link).status_code == 200  # the link still works


def test_passwords_must_match(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    invite(client)
    link = link_in(emails_to("jo@example.com")[0])
    response = other_client.post(link, data={"password": "marble kettle orchard", "confirm": "marble kettle"})
    assert error_summary(parse(response)) == ["Passwords must match"]


def test_an_advisor_can_invite_a_family_into_a_new_household(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    kent = CouncilFactory(name="Kent")
    response = invite(client, role="family", household_name="Jo and Al Bloggs", council=str(kent.id))
    assert response.status_code == 302
    person = db.session.scalar(select(User).where(User.email == "jo@example.com"))
    assert person.role == Role.FAMILY
    assert person.household.name == "Jo and Al Bloggs"
    assert person.household.council.name == "Kent"


def test_a_second_adult_joins_an_existing_household_but_not_a_third(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    first = UserFactory(role=Role.APPLICANT)
    household_id = first.household_id
    assert invite(client, role="applicant", household_number=household_id).status_code == 302
    response = invite(client, role="applicant", email="third@example.com", household_number=household_id)
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["This household already has two adults with accounts"]


def test_a_family_needs_a_household(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    response = invite(client, role="family")
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Give the household number, or a name and council for a new household"
    ]
    assert db.session.scalar(select(Household.id)) is None  # nothing half-made
    assert emails_to("jo@example.com") == []


def test_only_an_admin_can_invite_staff(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    response = invite(client, role="admin")
    assert response.status_code == 400
    assert emails_to("jo@example.com") == []
    roles = [i["value"] for i in get_page(client, "/staff/invite").select("input[name=role]")]
    assert roles == ["applicant", "family", "connector"]


def test_an_email_address_can_only_have_one_account(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    UserFactory(email="jo@example.com")
    response = invite(client)
    assert error_summary(parse(response)) == ["An account with this email address already exists"]
