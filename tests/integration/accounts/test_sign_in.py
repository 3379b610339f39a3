import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import clock
from tests.support.authenticator import next_code
from tests.support.emails import emails_to
from tests.support.factories import PASSWORD, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


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


# -- guessing is slowed, the owner is not kept out ------------------------------------

OUTSIDER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}


def post_password(client, user, password, address):
    return client.post("/sign-in", data={"email": user.email, "password": password}, environ_base=address)


def test_an_outsider_guessing_passwords_does_not_keep_the_owner_out(app, client):
    user = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(10):
            post_password(client, user, "guess", OUTSIDER)
        refused = post_password(client, user, PASSWORD, OUTSIDER)
        assert refused.status_code == 429
        assert error_summary(parse(refused)) == [
            "You have tried to sign in too many times. Wait 5 minutes, then try again"
        ]
        owner = app.test_client()
        asked_to_wait = post_password(owner, user, PASSWORD, OWNER)
        assert asked_to_wait.status_code == 429
        assert "Wait 1 second, then try again" in error_summary(parse(asked_to_wait))[0]
        traveller.shift(timedelta(seconds=1))
        assert post_password(owner, user, PASSWORD, OWNER).headers["Location"] == "/account"


def test_guesses_from_many_addresses_are_slowed_down_more_and_more(client):
    user = UserFactory()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for n in range(10):
            assert post_password(client, user, "guess", {"REMOTE_ADDR": f"192.0.2.{n}"}).status_code == 400
        waits = []
        for n in range(10, 14):
            address = {"REMOTE_ADDR": f"192.0.2.{n}"}
            refused = post_password(client, user, "guess", address)
            assert refused.status_code == 429
            waits.append(re.search(r"Wait (\d+) seconds?", error_summary(parse(refused))[0]).group(1))
            traveller.shift(timedelta(seconds=int(waits[-1])))
            assert post_password(client, user, "guess", address).status_code == 400
    assert waits == ["1", "2", "4", "8"]


def test_a_paused_address_is_told_how_long_it_must_wait(client):
    user = UserFactory()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(10):
            post_password(client, user, "guess", OUTSIDER)
            traveller.shift(timedelta(seconds=20))
        # The first guess leaves the five-minute window in 100 seconds: rounded up, 2 minutes.
        refused = post_password(client, user, "guess", OUTSIDER)
        assert "Wait 2 minutes, then try again" in error_summary(parse(refused))[0]


def test_a_burst_of_wrong_passwords_emails_the_owner_once_without_details_in_the_subject(app, client):
    user = UserFactory(role=Role.FAMILY, full_name="Robin Family")
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(9):
            post_password(client, user, "guess", OUTSIDER)
        assert emails_to(user.email) == []
        post_password(client, user, "guess", OUTSIDER)
        [alert] = emails_to(user.email)
        assert alert.subject == "Sign-in attempts on your account"
        assert alert.body.startswith("Dear Robin,")
        assert "wrong password" in alert.body and "http://portal.test/forgot-password" in alert.body
        traveller.shift(timedelta(seconds=1))
        post_password(app.test_client(), user, "guess", OWNER)
        assert len(emails_to(user.email)) == 1
        traveller.shift(timedelta(minutes=5))
        for _ in range(10):
            post_password(client, user, "guess", OUTSIDER)
        assert len(emails_to(user.email)) == 2
