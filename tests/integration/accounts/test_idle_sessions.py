"""Idle sessions end for everyone (staff sooner), and a form sent after its
session ended is kept for the same person to find filled in again."""

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import KeptForm, Role, SupportCallRequest, User
from portal.services import clock
from tests.conftest import PortalClient, build_app
from tests.support.authenticator import next_code
from tests.support.factories import PASSWORD, UserFactory
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in

NOTE = "Our daughter has stopped sleeping since the contact visit"
SIGNED_OUT_KEPT = (
    "You were signed out because you had not done anything for 60 minutes. "
    "Sign in again to carry on; what you typed has been kept."
)


def support_call_form(note=NOTE):
    return {"best_times": "After school", "phone": "07700 900982", "note": note}


def session_cookie(client, app) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def test_at_thirty_one_minutes_idle_staff_are_signed_out_but_a_family_is_not(client, other_client):
    advisor, family = UserFactory(role=Role.ADVISOR), UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, advisor)
        sign_in(other_client, family)
        traveller.shift(timedelta(minutes=31))
        assert client.get("/staff/queue").headers["Location"] == "/sign-in?timed_out=1"
        assert other_client.get("/account").status_code == 200


def test_a_family_idle_for_sixty_one_minutes_is_signed_out_and_told_why(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=59))
        assert client.get("/account").status_code == 200
        traveller.shift(timedelta(minutes=61))
        response = client.get("/account")
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        banner = get_page(client, "/sign-in?timed_out=1").select_one(".govuk-notification-banner")
        assert banner.get_text(" ", strip=True).endswith(
            "You were signed out because you had not done anything for 60 minutes. Sign in again to carry on."
        )
        assert client.get("/account").headers["Location"].startswith("/sign-in?next=")


def portal_app(database_url, tmp_path, **settings):
    app = build_app(tmp_path, database_url, **settings)
    app.test_client_class = PortalClient
    return app


def test_the_idle_limits_are_settings(database_url, tmp_path):
    app = portal_app(database_url, tmp_path, STAFF_IDLE_MINUTES=5, HOUSEHOLD_IDLE_MINUTES=10)
    with app.app_context(), time_machine.travel(clock.now(), tick=False) as traveller:
        advisor, connector = UserFactory(role=Role.ADVISOR), UserFactory(role=Role.CONNECTOR)
        db.session.commit()
        staff_client, connector_client = app.test_client(), app.test_client()
        sign_in(staff_client, advisor)
        sign_in(connector_client, connector)
        page = parse(connector_client.get("/connector"))
        assert page.body["data-idle-minutes"] == "10"
        traveller.shift(timedelta(minutes=6))
        assert staff_client.get("/staff/queue").headers["Location"] == "/sign-in?timed_out=1"
        assert connector_client.get("/connector").status_code == 200
        traveller.shift(timedelta(minutes=11))
        assert connector_client.get("/connector").headers["Location"] == "/sign-in?timed_out=1"
        db.session.remove()


def test_each_page_tells_the_timeout_warning_how_long_this_person_may_be_idle(client, other_client):
    sign_in(client, UserFactory(role=Role.SOCIAL_WORKER))
    sign_in(other_client, UserFactory(role=Role.APPLICANT))
    staff_page = get_page(client, "/staff/queue")
    assert staff_page.body["data-idle-minutes"] == "30"
    assert get_page(other_client, "/account").body["data-idle-minutes"] == "60"
    dialog = staff_page.select_one("dialog#timeout-warning")
    assert dialog["aria-modal"] == "true" and "open" not in dialog.attrs
    assert dialog.h2.text == "You’re about to be signed out"
    assert [b.text for b in dialog.select("button")] == ["Stay signed in", "Sign out"]
    assert staff_page.select_one("script[src^='/static/js/timeout-warning.']")


def test_a_visitor_who_is_not_signed_in_gets_no_timeout_warning(client):
    page = get_page(client, "/")
    assert not page.body.has_attr("data-idle-minutes")
    assert page.select_one("#timeout-warning") is None


def test_stay_signed_in_keeps_the_session_alive(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=58))
        assert client.post("/session/keep-alive").status_code == 204
        traveller.shift(timedelta(minutes=58))
        assert client.get("/account").status_code == 200


def test_keep_alive_is_for_signed_in_people_with_the_form_token(database_url, tmp_path):
    app = portal_app(database_url, tmp_path, EXTRA={"WTF_CSRF_ENABLED": True})
    with app.app_context():
        family = UserFactory(role=Role.FAMILY)
        db.session.commit()
        client = app.test_client()
        assert client.post("/session/keep-alive").status_code == 400
        page = parse(client.get("/sign-in"))
        token = page.select_one("input[name=csrf_token]")["value"]
        response = client.post("/session/keep-alive", headers={"X-CSRFToken": token})
        assert response.headers["Location"].startswith("/sign-in")
        client.post("/sign-in", data={"email": family.email, "password": PASSWORD, "csrf_token": token})
        token = parse(client.get("/account")).select_one("#timeout-warning input[name=csrf_token]")["value"]
        assert client.post("/session/keep-alive").status_code == 400
        assert client.post("/session/keep-alive", headers={"X-CSRFToken": token}).status_code == 204
        db.session.remove()


def test_a_family_who_sends_a_form_after_timing_out_finds_their_text_after_signing_in(client, app):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        get_page(client, "/support-call")
        traveller.shift(timedelta(minutes=61))
        response = client.post("/support-call", data=support_call_form())
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        assert "sleeping" not in str(session_cookie(client, app))
        banner = get_page(client, "/sign-in?timed_out=1").select_one(".govuk-notification-banner")
        assert banner.get_text(" ", strip=True).endswith(SIGNED_OUT_KEPT)

        assert sign_in(client, family).headers["Location"] == "/support-call"
        page = get_page(client, "/support-call")
        assert page.select_one("textarea[name=note]").text.strip() == NOTE
        assert page.select_one("input[name=best_times]")["value"] == "After school"
        assert db.session.scalar(select(func.count(SupportCallRequest.id))) == 0
        # Filled in once: the next visit starts as usual.
        assert get_page(client, "/support-call").select_one("textarea[name=note]").text.strip() == ""

        assert client.post("/support-call", data=support_call_form()).headers["Location"] == (
            "/support-call/requested"
        )
        assert db.session.scalar(select(SupportCallRequest.note)) == NOTE


def test_staff_find_their_form_filled_in_after_the_second_factor(client):
    admin = UserFactory(role=Role.ADMIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, admin)
        traveller.shift(timedelta(minutes=31))
        form = {"full_name": "Sam Carter", "email": "sam@example.com", "role": "advisor", "council": ""}
        assert client.post("/staff/invite", data=form).headers["Location"] == "/sign-in?timed_out=1"
        response = client.post("/sign-in?timed_out=1", data={"email": admin.email, "password": PASSWORD})
        assert response.headers["Location"] == "/sign-in/code"
        response = client.post("/sign-in/code", data={"code": next_code(admin)})
        assert response.headers["Location"] == "/staff/invite"
        page = get_page(client, "/staff/invite")
        assert page.select_one("input[name=full_name]")["value"] == "Sam Carter"
        assert page.select_one("input[name=email]")["value"] == "sam@example.com"
        assert db.session.scalar(select(User).where(User.email == "sam@example.com")) is None


def test_what_was_typed_goes_back_only_to_the_person_who_typed_it(client):
    family, other_family = UserFactory(role=Role.FAMILY), UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=61))
        response = client.post("/support-call", data=support_call_form())
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        assert db.session.scalar(select(func.count(KeptForm.id))) == 1
        assert sign_in(client, other_family).headers["Location"] == "/account"
        assert get_page(client, "/support-call").select_one("textarea[name=note]").text.strip() == ""
        assert db.session.scalar(select(func.count(KeptForm.id))) == 0


def test_passwords_and_form_tokens_are_never_kept(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=61))
        form = {**support_call_form(), "csrf_token": "abc123", "new_password": "marble kettle"}
        client.post("/support-call", data=form)
    kept = db.session.scalar(select(KeptForm))
    assert kept.user_id == family.id and kept.path == "/support-call"
    assert NOTE in kept.fields
    assert "marble" not in kept.fields and "abc123" not in kept.fields


def test_a_kept_form_is_gone_an_hour_after_it_was_sent(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=61))
        response = client.post("/support-call", data=support_call_form())
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        traveller.shift(timedelta(minutes=61))
        assert sign_in(client, family).headers["Location"] == "/account"
        assert get_page(client, "/support-call").select_one("textarea[name=note]").text.strip() == ""
        assert db.session.scalar(select(func.count(KeptForm.id))) == 0


def test_a_form_too_long_to_keep_is_explained(client):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, family)
        traveller.shift(timedelta(minutes=61))
        client.post("/support-call", data=support_call_form(note="x" * 30_000))
        banner = get_page(client, "/sign-in?timed_out=1").select_one(".govuk-notification-banner")
        assert banner.get_text(" ", strip=True).endswith(
            "What you typed was too long to keep, so you will need to type it again."
        )
        assert sign_in(client, family).headers["Location"] == "/account"


def test_a_page_that_cannot_fill_its_form_in_again_does_not_claim_to_keep_it(client):
    admin = UserFactory(role=Role.ADMIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in(client, admin)
        traveller.shift(timedelta(minutes=31))
        response = client.post("/staff/settings", data={"name": "Renamed agency"})
        assert response.headers["Location"] == "/sign-in?timed_out=1"
        banner = get_page(client, "/sign-in?timed_out=1").select_one(".govuk-notification-banner")
        assert banner.get_text(" ", strip=True).endswith("30 minutes. Sign in again to carry on.")
        assert db.session.scalar(select(func.count(KeptForm.id))) == 0
