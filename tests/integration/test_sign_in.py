import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import clock
from tests.factories import PASSWORD, UserFactory
from tests.integration.conftest import error_summary, get_page, next_code, parse, sign_in


def test_staff_sign_in_and_land_on_the_queue(client):
    advisor = UserFactory(role=Role.ADVISOR)
    response = client.post("/sign-in", data={"email": advisor.email.upper(), "password": PASSWORD})
    assert response.headers["Location"] == "/sign-in/code"
    response = client.post("/sign-in/code", data={"code": next_code(advisor)})
    assert response.headers["Location"] == "/staff/queue"
    assert get_page(client, "/staff/queue").h1.text.strip() == "Queue"


def test_each_role_lands_on_its_own_home(app):
    homes = {
        Role.APPLICANT: "/account",
        Role.FAMILY: "/account",
        Role.CONNECTOR: "/connector",
        Role.ADVISOR: "/staff/queue",
        Role.SOCIAL_WORKER: "/staff/queue",
        Role.MANAGER: "/staff/queue",
        Role.ADMIN: "/staff/queue",
    }
    for role, home in homes.items():
        client = app.test_client()
        response = sign_in(client, UserFactory(role=role))
        assert response.headers["Location"] == home
        assert client.get(home).status_code == 200


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client):
    user = UserFactory()
    wrong_password = client.post("/sign-in", data={"email": user.email, "password": "not the password"})
    unknown_email = client.post("/sign-in", data={"email": "nobody@example.com", "password": "whatever"})
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert (
        error_summary(parse(wrong_password))
        == error_summary(parse(unknown_email))
        == ["Enter a correct email address and password"]
    )


def test_an_empty_form_says_what_to_enter(client):
    page = parse(client.post("/sign-in", data={}))
    assert error_summary(page) == ["Enter an email address", "Enter your password"]
    assert page.title.text.startswith("Error: ")


def test_after_ten_failures_the_account_pauses_even_for_the_right_password(client):
    user = UserFactory()
    for _ in range(10):
        client.post("/sign-in", data={"email": user.email, "password": "guess"})
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "too many times" in error_summary(parse(response))[0]


def test_the_pause_lifts_after_five_minutes(client):
    user = UserFactory()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(10):
            client.post("/sign-in", data={"email": user.email, "password": "guess"})
        traveller.shift(timedelta(minutes=5, seconds=1))
        assert sign_in(client, user).status_code == 302


def test_signing_in_starts_a_new_session(client):
    user = UserFactory()
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_signing_out_ends_the_session_on_every_device(client, other_client):
    user = UserFactory(role=Role.FAMILY)
    sign_in(client, user)
    sign_in(other_client, user)
    response = client.post("/sign-out")
    assert response.headers["Location"] == "/signed-out"
    assert other_client.get("/account").status_code == 302
    assert client.get("/account").headers["Location"].startswith("/sign-in")


def test_a_deactivated_person_cannot_sign_in(client):
    user = UserFactory(is_active=False)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_after_signing_in_you_return_to_the_page_you_asked_for(client):
    user = UserFactory(role=Role.ADMIN)
    response = client.get("/staff/users?role=admin")
    assert response.headers["Location"] == "/sign-in?next=/staff/users?role%3Dadmin"
    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/sign-in/code"
    response = client.post("/sign-in/code", data={"code": next_code(user)})
    assert response.headers["Location"] == "/staff/users?role=admin"


def test_a_next_address_off_the_site_is_ignored(client):
    user = UserFactory()
    assert sign_in(client, user, next_path="https://evil.example/").headers["Location"] == "/staff/queue"


def test_staff_are_signed_out_after_thirty_minutes_idle(client):
    user = UserFactory(role=Role.ADVISOR)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, user)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/staff/queue").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/staff/queue")
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        assert client.get("/staff/queue").status_code == 302


def test_sign_ins_and_failures_are_audited_without_the_email_typed(client):
    user = UserFactory()
    client.post("/sign-in", data={"email": user.email, "password": "guess"})
    sign_in(client, user)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.sign_in_failed", "user.signed_in"]
    summaries = " ".join(db.session.scalars(select(AuditEvent.summary)).all())
    assert user.email not in summaries and not re.search(r"@", summaries)
