"""Staff and connectors sign in with a code from an authenticator app after
their password; applicants and families with their password alone."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, BackupCode, Role
from portal.services import clock, second_factor
from tests.support.authenticator import next_code
from tests.support.emails import emails_to
from tests.support.factories import PASSWORD, TOTP_SECRET, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def password_step(client, user):
    return client.post("/sign-in", data={"email": user.email, "password": PASSWORD})


def code_at(offset_steps: int, secret: str = TOTP_SECRET) -> str:
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS + offset_steps
    return pyotp.TOTP(secret).generate_otp(step)


def actions() -> list[str]:
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN, Role.CONNECTOR])
def test_staff_and_connectors_enter_a_code_after_their_password(client, role):
    user = UserFactory(role=role)
    assert password_step(client, user).headers["Location"] == "/sign-in/code"
    page = get_page(client, "/sign-in/code")
    assert page.h1.text.strip() == "Enter the code from your authenticator app"
    assert page.select_one("#code")["autocomplete"] == "one-time-code"
    response = client.post("/sign-in/code", data={"code": code_at(0)})
    assert response.status_code == 302 and response.headers["Location"] != "/sign-in"
    assert actions()[-1] == "user.signed_in"


def test_half_signed_in_is_signed_out(client):
    user = UserFactory(role=Role.ADVISOR)
    password_step(client, user)
    response = client.get("/staff/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    assert db.session.get(type(user), user.id).last_signed_in_at is None
    assert "user.signed_in" not in actions()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.FAMILY])
def test_applicants_and_families_sign_in_with_their_password_alone(client, role):
    user = UserFactory(role=role)
    assert password_step(client, user).headers["Location"] == "/account"
    assert client.get("/account").status_code == 200
    # With no one half way through signing in, the code page sends you to sign in.
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"


def test_a_wrong_code_is_refused(client):
    user = UserFactory(role=Role.MANAGER)
    password_step(client, user)
    wrong = f"{(int(code_at(0)) + 1) % 1_000_000:06d}"
    response = client.post("/sign-in/code", data={"code": wrong})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter a correct code. A code can be used only once"]
    assert client.get("/staff/queue").status_code == 302
    assert actions()[-1] == "user.second_factor_failed"


def test_an_empty_or_silly_code_gets_a_clear_message(client):
    password_step(client, UserFactory(role=Role.MANAGER))
    assert error_summary(parse(client.post("/sign-in/code", data={}))) == ["Enter the code"]
    response = client.post("/sign-in/code", data={"code": "x" * 500})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter a correct code"]


def test_codes_one_step_either_side_are_accepted_but_not_two(app):
    user = UserFactory(role=Role.ADVISOR)
    with time_machine.travel(clock.now(), tick=False):
        for offset in (-2, 2):
            client = app.test_client()
            password_step(client, user)
            assert client.post("/sign-in/code", data={"code": code_at(offset)}).status_code == 400
        for offset in (-1, 1):
            client = app.test_client()
            password_step(client, user)
            assert client.post("/sign-in/code", data={"code": code_at(offset)}).status_code == 302


def test_a_code_is_accepted_only_once(app):
    user = UserFactory(role=Role.ADVISOR)
    code = code_at(0)
    with time_machine.travel(clock.now(), tick=False):
        first, second = app.test_client(), app.test_client()
        password_step(first, user)
        assert first.post("/sign-in/code", data={"code": code}).status_code == 302
        password_step(second, user)
        response = second.post("/sign-in/code", data={"code": code})
        assert response.status_code == 400
        # An older code than the last one used is refused too.
        assert second.post("/sign-in/code", data={"code": code_at(-1)}).status_code == 400
        assert second.get("/staff/queue").status_code == 302


def test_wrong_codes_pause_the_account_even_for_the_right_code(client):
    user = UserFactory(role=Role.ADMIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        password_step(client, user)
        for _ in range(10):
            client.post("/sign-in/code", data={"code": "000000" if code_at(0) != "000000" else "111111"})
        response = client.post("/sign-in/code", data={"code": code_at(0)})
        assert response.status_code == 429
        assert "too many wrong codes" in error_summary(parse(response))[0]
        assert "user.second_factor_paused" in actions()
        traveller.shift(timedelta(minutes=5, seconds=1))
        password_step(client, user)
        assert client.post("/sign-in/code", data={"code": code_at(0)}).status_code == 302


def test_the_half_way_state_lasts_ten_minutes(client):
    user = UserFactory(role=Role.ADVISOR)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        password_step(client, user)
        traveller.shift(timedelta(minutes=10, seconds=1))
        assert client.post("/sign-in/code", data={"code": code_at(0)}).headers["Location"] == "/sign-in"
        assert client.get("/staff/queue").status_code == 302


def test_a_person_deactivated_between_the_steps_cannot_finish(client):
    user = UserFactory(role=Role.ADVISOR)
    password_step(client, user)
    user.is_active = False
    user.session_version += 1
    db.session.commit()
    assert client.post("/sign-in/code", data={"code": code_at(0)}).headers["Location"] == "/sign-in"


def test_setting_up_an_authenticator_app_at_the_first_sign_in(client):
    user = UserFactory(role=Role.CONNECTOR, totp_secret_encrypted=None, totp_confirmed_at=None)
    assert password_step(client, user).headers["Location"] == "/sign-in/set-up-authenticator"
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in/set-up-authenticator"
    page = get_page(client, "/sign-in/set-up-authenticator")
    assert page.h1.text.strip() == "Set up your authenticator app"
    qr = page.select_one("img[src^='data:image/svg+xml']")
    assert qr is not None and qr["alt"]
    shown = page.select_one("code").text.replace(" ", "")
    db.session.refresh(user)
    # Kept encrypted: the secret itself is nowhere in the stored value.
    assert shown not in user.totp_secret_encrypted
    assert second_factor.set_up_details(user).secret == shown

    # Signing in again before finishing shows the same secret.
    password_step(client, user)
    assert get_page(client, "/sign-in/set-up-authenticator").select_one("code").text.replace(" ", "") == shown

    assert client.post("/sign-in/set-up-authenticator", data={"code": "123"}).status_code == 400
    response = client.post("/sign-in/set-up-authenticator", data={"code": code_at(0, shown)})
    assert response.status_code == 200
    page = parse(response)
    assert page.h1.text.strip() == "Your backup codes"
    codes = [c.text for c in page.select("li code")]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    assert page.select_one("a.govuk-button")["href"] == "/connector"
    assert client.get("/connector").status_code == 200
    hashes = db.session.scalars(select(BackupCode.code_hash).where(BackupCode.user_id == user.id)).all()
    assert len(hashes) == 10 and not any(c.replace("-", "") in h for c in codes for h in hashes)
    assert actions()[-2:] == ["user.second_factor_set_up", "user.signed_in"]
    # Once set up, the set-up page is gone: the code page is used.
    client.post("/sign-out")
    password_step(client, user)
    assert client.get("/sign-in/set-up-authenticator").headers["Location"] == "/sign-in/code"


def test_a_backup_code_signs_in_once(app):
    user = UserFactory(role=Role.ADVISOR, totp_secret_encrypted=None, totp_confirmed_at=None)
    client = app.test_client()
    password_step(client, user)
    db.session.refresh(user)
    secret = second_factor.set_up_details(user).secret
    response = client.post("/sign-in/set-up-authenticator", data={"code": code_at(0, secret)})
    backup = parse(response).select("li code")[3].text
    client.post("/sign-out")

    client = app.test_client()
    password_step(client, user)
    assert client.post("/sign-in/code", data={"code": backup.upper()}).status_code == 302
    assert "user.backup_code_used" in actions()
    assert second_factor.backup_codes_left(user.id) == 9

    client = app.test_client()
    password_step(client, user)
    assert client.post("/sign-in/code", data={"code": backup}).status_code == 400


def test_an_admin_resets_someones_authenticator_app(client, other_client, sign_in_as):
    admin = sign_in_as(Role.ADMIN)
    person = UserFactory(role=Role.SOCIAL_WORKER)
    sign_in(other_client, person)
    page = get_page(client, f"/staff/users/{person.id}")
    assert "Reset authenticator app" in page.text

    response = client.post(f"/staff/users/{person.id}/reset-authenticator")
    assert response.headers["Location"] == f"/staff/users/{person.id}"
    assert "Not set up yet" in get_page(client, f"/staff/users/{person.id}").text
    assert other_client.get("/staff/queue").status_code == 302  # their sessions ended
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.actor_id, event.record_id) == (
        "user.second_factor_reset",
        admin.id,
        person.id,
    )
    assert password_step(other_client, person).headers["Location"] == "/sign-in/set-up-authenticator"

    # No button, and no reset, for the admin's own account.
    assert "Reset authenticator app" not in get_page(client, f"/staff/users/{admin.id}").text
    client.post(f"/staff/users/{admin.id}/reset-authenticator")
    db.session.refresh(admin)
    assert admin.has_second_factor


def test_the_sign_in_helper_works_for_the_same_person_many_times_a_minute(app):
    user = UserFactory(role=Role.ADVISOR)
    with time_machine.travel(clock.now(), tick=False):
        for _ in range(4):
            client = app.test_client()
            sign_in(client, user)
            assert client.get("/staff/queue").status_code == 200
    assert next_code(user)


OUTSIDER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.20"}


def wrong_code() -> str:
    return "000000" if code_at(0) != "000000" else "111111"


def test_an_outsider_with_the_password_guessing_codes_does_not_keep_the_owner_out(app, client):
    user = UserFactory(role=Role.ADMIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post("/sign-in", data={"email": user.email, "password": PASSWORD}, environ_base=OUTSIDER)
        for _ in range(10):
            client.post("/sign-in/code", data={"code": wrong_code()}, environ_base=OUTSIDER)
        refused = client.post("/sign-in/code", data={"code": code_at(0)}, environ_base=OUTSIDER)
        assert refused.status_code == 429
        assert error_summary(parse(refused)) == [
            "You have entered too many wrong codes. Wait 5 minutes, then try again"
        ]
        owner = app.test_client()
        owner.post("/sign-in", data={"email": user.email, "password": PASSWORD}, environ_base=OWNER)
        asked_to_wait = owner.post("/sign-in/code", data={"code": code_at(0)}, environ_base=OWNER)
        assert asked_to_wait.status_code == 429
        assert "Wait 1 second, then try again" in error_summary(parse(asked_to_wait))[0]
        traveller.shift(timedelta(seconds=1))
        response = owner.post("/sign-in/code", data={"code": code_at(0)}, environ_base=OWNER)
        assert response.headers["Location"] == "/staff/queue"


def test_a_burst_of_wrong_codes_emails_the_owner_to_choose_a_new_password(client):
    user = UserFactory(role=Role.CONNECTOR)
    with time_machine.travel(clock.now(), tick=False):
        password_step(client, user)
        for _ in range(10):
            client.post("/sign-in/code", data={"code": wrong_code()})
    [alert] = emails_to(user.email)
    assert alert.subject == "Sign-in attempts on your account"
    assert "wrong code" in alert.body and "someone may know your password" in alert.body
    assert "http://portal.test/forgot-password" in alert.body
