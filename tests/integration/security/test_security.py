"""Logs without personal data, rate limits on every public form and the
sign-in steps, cookie and header settings, and the security events kept in
the audit log."""

import logging

import pytest
from flask import Blueprint
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.config import from_environment
from portal.extensions import db
from portal.models import AuditEvent, Role, User
from portal.services import clock
from portal.web.access import public
from portal.web.request_log import redact
from tests.conftest import build_app
from tests.support.factories import PASSWORD, EventFactory, UserFactory
from tests.support.log_scan import findings
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in

# -- logs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sent to jo.bloggs@example.co.uk", "an email address"),
        ("call 07700 900982 today", "a UK phone number"),
        ("or +44 20 7946 0958", "a UK phone number"),
        ("lives at ME4 4TR", "a UK postcode"),
        ("near SW1A 1AA", "a UK postcode"),
        ("Our son is struggling at school", "a free-text note"),
    ],
)
def test_the_log_scan_finds_personal_data(text, kind):
    assert [f for f in findings(text) if f.startswith(kind)]


def test_the_log_scan_passes_ordinary_log_lines():
    line = (
        "portal ERROR endpoint staff.queue has no access rule; refused; 127.0.0.1 - - [23/Nov/2026 05:14:13] "
        '"GET /surveys/<token> HTTP/1.1" 200 - user 42 email 17 attempt 3 failed: SMTPServerDisconnected'
    )
    assert findings(line) == []


def test_access_logs_do_not_keep_what_staff_searched_for():
    line = '127.0.0.1 - - "GET /staff/households?q=Jo%20Patel&page=2 HTTP/1.1" 200 -'
    assert redact(line) == '127.0.0.1 - - "GET /staff/households?q=<search>&page=2 HTTP/1.1" 200 -'


def test_database_errors_never_carry_the_values_bound_to_them(app):
    assert db.engine.hide_parameters is True
    UserFactory(email="taken@example.com")
    db.session.add(User(email="taken@example.com", full_name="X", role=Role.FAMILY, created_at=clock.now()))
    with pytest.raises(IntegrityError) as raised:
        db.session.flush()
    db.session.rollback()
    assert "SQL parameters hidden" in str(raised.value)


def test_an_unexpected_error_is_logged_without_what_people_typed(database_url, tmp_path, caplog):
    app = build_app(tmp_path, database_url)
    broken = Blueprint("broken", __name__)

    typed = {"email": "jo.bloggs@example.com", "postcode": "ME4 4TR", "phone": "07700 900982"}

    @broken.route("/broken", methods=["POST"])
    @public
    def explode():
        message = f"no household for {typed['email']} at {typed['postcode']}"
        raise ValueError(message) from KeyError(typed["phone"])

    app.register_blueprint(broken)
    with caplog.at_level(logging.ERROR), app.app_context():
        assert app.test_client().post("/broken").status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "builtins.ValueError" in logged and "builtins.KeyError" in logged and "explode" in logged
    assert findings(logged) == []


# -- rate limits --------------------------------------------------------------------


@pytest.fixture
def limited_app(database_url, tmp_path):
    app = build_app(tmp_path, database_url, RATELIMIT_ENABLED=True)
    with app.app_context():
        yield app


def test_a_public_form_answers_too_many_posts_with_a_styled_429(limited_app):
    from tests.support.factories import AgencySettingsFactory

    AgencySettingsFactory()
    client = limited_app.test_client()
    statuses = [client.post("/information-pack", data={}).status_code for _ in range(12)]
    assert 429 in statuses
    response = client.post("/information-pack", data={})
    assert response.status_code == 429
    page = parse(response)
    assert page.h1.text.strip() == "You have tried too many times"
    assert client.get("/information-pack").status_code == 200  # reading the form is not limited


@pytest.mark.parametrize(
    "path", ["/sign-in/code", "/sign-in/set-up-authenticator", "/surveys/not-a-real-survey-link-at-all"]
)
def test_the_second_step_and_survey_answers_are_rate_limited(limited_app, path):
    client = limited_app.test_client()
    statuses = [client.post(path, data={}).status_code for _ in range(21)]
    assert 429 not in statuses[:20] and statuses[20] == 429


def test_event_bookings_and_staff_invitations_are_rate_limited(limited_app):
    event = EventFactory()
    client = limited_app.test_client()
    statuses = [client.post(f"/events/{event.id}", data={}).status_code for _ in range(25)]
    assert statuses[-1] == 429
    client = limited_app.test_client()
    sign_in(client, UserFactory(role=Role.ADMIN))
    statuses = [client.post("/staff/invite", data={}).status_code for _ in range(61)]
    assert 429 not in statuses[:60] and statuses[60] == 429


def sign_in_posts_through(app, forwarded_for) -> list[int]:
    """Statuses of 21 sign-in posts, the nth carrying X-Forwarded-For ``forwarded_for(n)``."""
    client = app.test_client()
    return [
        client.post("/sign-in", data={}, headers={"X-Forwarded-For": forwarded_for(n)}).status_code
        for n in range(21)
    ]


def test_without_a_trusted_proxy_a_made_up_forwarded_address_cannot_reset_a_limit(limited_app):
    assert limited_app.config["PROXY_COUNT"] == 0
    statuses = sign_in_posts_through(limited_app, lambda n: f"198.51.100.{n}")
    assert 429 not in statuses[:20] and statuses[20] == 429


@pytest.fixture
def app_behind_one_proxy(database_url, tmp_path):
    app = build_app(tmp_path, database_url, RATELIMIT_ENABLED=True, PROXY_COUNT=1)
    with app.app_context():
        yield app


def test_behind_the_proxy_each_visitor_has_their_own_limit(app_behind_one_proxy):
    first = sign_in_posts_through(app_behind_one_proxy, lambda n: "203.0.113.7")
    assert first[20] == 429
    other = sign_in_posts_through(app_behind_one_proxy, lambda n: "203.0.113.8")
    assert 429 not in other[:20] and other[20] == 429


def test_behind_the_proxy_an_address_the_visitor_wrote_themselves_cannot_reset_their_limit(
    app_behind_one_proxy,
):
    # The proxy appends the address it saw; what the visitor sent comes before it.
    statuses = sign_in_posts_through(app_behind_one_proxy, lambda n: f"198.51.100.{n}, 203.0.113.7")
    assert 429 not in statuses[:20] and statuses[20] == 429


def test_the_number_of_trusted_proxies_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PROXY_COUNT", "2")
    assert from_environment(instance_path=tmp_path).PROXY_COUNT == 2
    monkeypatch.delenv("PROXY_COUNT")
    assert from_environment(instance_path=tmp_path).PROXY_COUNT == 0


# -- cookies and headers ----------------------------------------------------------------


def test_the_session_cookie_is_secure_when_the_site_is_served_over_https(tmp_path, monkeypatch):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("BASE_URL", "https://portal.example")
    assert from_environment(instance_path=tmp_path).SESSION_COOKIE_SECURE is True
    monkeypatch.setenv("BASE_URL", "http://127.0.0.1:5000")
    assert from_environment(instance_path=tmp_path).SESSION_COOKIE_SECURE is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert from_environment(instance_path=tmp_path).SESSION_COOKIE_SECURE is True


def test_a_secure_session_cookie_is_marked_secure_http_only_and_same_site(database_url, tmp_path):
    app = build_app(tmp_path, database_url, SESSION_COOKIE_SECURE=True, BASE_URL="https://portal.test")
    with app.app_context():
        client = app.test_client()
        family = UserFactory(role=Role.FAMILY)
        response = client.post(
            "/sign-in", data={"email": family.email, "password": PASSWORD}, base_url="https://portal.test"
        )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_https_responses_carry_hsts_and_no_page_may_be_framed(client):
    response = client.get("/", base_url="https://portal.test")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_the_set_up_page_needs_no_script_and_its_qr_code_is_an_allowed_image(client):
    user = UserFactory(role=Role.ADVISOR, totp_secret_encrypted=None, totp_confirmed_at=None)
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    response = client.get("/sign-in/set-up-authenticator")
    csp = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data:" in csp
    page = parse(response)
    assert page.select_one("main img")["src"].startswith("data:image/svg+xml")
    assert not page.select("main script")


# -- security events -------------------------------------------------------------------


def test_a_lockout_is_a_security_event_without_personal_data(client):
    user = UserFactory(role=Role.ADVISOR)
    for _ in range(10):
        client.post("/sign-in", data={"email": user.email, "password": "guess"})
    client.post("/sign-in", data={"email": "nobody@example.com", "password": "guess"})
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events].count("user.sign_in_failed") == 10
    assert [e.action for e in events][-1] == "user.sign_in_paused"
    assert all(e.record_id == user.id for e in events)
    assert findings(" ".join(e.summary for e in events)) == []


def test_admins_see_security_events_by_user_number_only(client, other_client, sign_in_as):
    person = UserFactory(role=Role.CONNECTOR, email="connie@example.com", full_name="Connie Connector")
    other_client.post("/sign-in", data={"email": person.email, "password": "guess"})
    sign_in(other_client, person)
    admin = sign_in_as(Role.ADMIN)
    page = get_page(client, "/staff/security-events")
    rows = [[c.get_text(" ", strip=True) for c in row.select("td")] for row in page.select("tbody tr")]
    assert [r[1:3] for r in rows] == [
        ["Signed in", str(admin.id)],
        ["Signed in", str(person.id)],
        ["Wrong password", str(person.id)],
    ]
    assert "connie" not in page.text.lower() and "Connie Connector" not in page.text
    assert get_page(client, "/staff/users").find("a", string="Security events")
