from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal import adapters
from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import clock
from portal.services.accounts import tokens as account_tokens
from tests.support.authenticator import next_code
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

NEW_PASSWORD = "lantern biscuit harbour"


def test_someone_who_forgot_their_password_resets_it_and_signs_in(client):
    user = UserFactory(role=Role.FAMILY)
    response = client.post("/forgot-password", data={"email": user.email})
    assert response.headers["Location"] == "/forgot-password/sent"
    [email] = emails_to(user.email)
    assert email.subject == "Reset your adoption portal password"
    response = client.post(link_in(email), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/account"
    client.post("/sign-out")
    assert sign_in(client, user, NEW_PASSWORD).headers["Location"] == "/account"


def test_an_unknown_email_gets_the_same_answer_and_no_email(client):
    response = client.post("/forgot-password", data={"email": "nobody@example.com"})
    assert response.headers["Location"] == "/forgot-password/sent"
    assert emails_to("nobody@example.com") == []


def work_done_asking_for_a_reset(client, monkeypatch, email: str) -> list[str]:
    """The costly steps a reset request runs, in order: what its time is made of."""
    steps = []
    token_hash, render_template = account_tokens.token_hash, adapters.render_template

    def counted_hash(token):
        steps.append("token made and hashed")
        return token_hash(token)

    def counted_render(template, **context):
        steps.append(f"{template} written")
        return render_template(template, **context)

    audited = db.session.scalar(select(func.count()).select_from(AuditEvent))
    with monkeypatch.context() as patched:
        patched.setattr(account_tokens, "token_hash", counted_hash)
        patched.setattr(adapters, "render_template", counted_render)
        response = client.post("/forgot-password", data={"email": email})
    assert response.headers["Location"] == "/forgot-password/sent"
    steps += ["audited"] * (db.session.scalar(select(func.count()).select_from(AuditEvent)) - audited)
    return steps


def test_asking_for_a_reset_for_an_unknown_address_takes_the_same_work_as_for_a_real_one(client, monkeypatch):
    user = UserFactory(role=Role.FAMILY)
    known = work_done_asking_for_a_reset(client, monkeypatch, user.email)
    unknown = work_done_asking_for_a_reset(client, monkeypatch, "nobody@example.com")
    assert known == [
        "token made and hashed",
        "emails/password_reset.txt written",
        "emails/_how_to_answer.txt written",
        "audited",
    ]
    assert unknown == known
    assert emails_to("nobody@example.com") == []


def test_resetting_a_password_signs_out_every_other_session(client, other_client):
    user = UserFactory(role=Role.FAMILY)
    sign_in(other_client, user)
    client.post("/forgot-password", data={"email": user.email})
    client.post(link_in(emails_to(user.email)[0]), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert other_client.get("/account").status_code == 302


def test_a_reset_link_expires_after_two_hours_and_works_once(client):
    user = UserFactory()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post("/forgot-password", data={"email": user.email})
        link = link_in(emails_to(user.email)[0])
        traveller.shift(timedelta(hours=2, seconds=1))
        page = get_page(client, link, status=404)
        assert "expired" in page.h1.text


def test_a_reset_link_is_single_use(client):
    user = UserFactory()
    client.post("/forgot-password", data={"email": user.email})
    link = link_in(emails_to(user.email)[0])
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get(link).status_code == 404


def test_staff_resetting_their_password_still_enter_a_code_from_their_app(client):
    user = UserFactory(role=Role.MANAGER)
    client.post("/forgot-password", data={"email": user.email})
    response = client.post(
        link_in(emails_to(user.email)[0]), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/sign-in/code"
    assert client.get("/staff/queue").status_code == 302
    assert client.post("/sign-in/code", data={"code": next_code(user)}).headers["Location"] == "/staff/queue"
