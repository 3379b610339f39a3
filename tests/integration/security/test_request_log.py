"""Request logs record the route, not the token in an emailed link."""

import logging
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server

from portal.web.request_log import TokenRedactingFilter, redact
from tests.integration.surveys.survey_helpers import sent_link
from tests.support.emails import emails_to, link_in
from tests.support.factories import EventFactory


def development_server_log_of_a_visit(app, caplog, monkeypatch, path: str) -> list[str]:
    """Serve one request on the development server, as ``flask run`` does, and return its log lines."""
    # Alembic's logging set-up, run by the test harness's migrations, disables existing loggers.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}") as response:
            assert response.status == 200
        thread.join(timeout=10)
    server.server_close()
    return [record.getMessage() for record in caplog.records if record.name == "werkzeug"]


def test_the_development_servers_access_log_shows_the_route_not_the_token(app, caplog, monkeypatch):
    link = sent_link()
    token = link.rsplit("/", 1)[1]
    logged = development_server_log_of_a_visit(app, caplog, monkeypatch, link)
    assert any("GET /surveys/<token> HTTP/1.1" in line for line in logged), logged
    assert not any(token in line for line in logged)


def test_the_development_servers_access_log_shows_a_booking_manage_link_as_its_route(
    app, client, caplog, monkeypatch
):
    event = EventFactory()
    client.post(f"/events/{event.id}", data={"full_name": "Robin Visitor", "email": "robin@example.com"})
    link = link_in(emails_to("robin@example.com")[0])
    token = link.rsplit("/", 1)[1]
    logged = development_server_log_of_a_visit(app, caplog, monkeypatch, link)
    assert any("GET /bookings/<token> HTTP/1.1" in line for line in logged), logged
    assert not any(token in line for line in logged)


def test_every_route_that_takes_an_emailed_token_is_redacted(app):
    token = "Zx8_-" * 9
    token_rules = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert {rule.endpoint for rule in token_rules} >= {"events.manage", "auth.reset_password"}
    urls = app.url_map.bind("portal.test")
    for rule in token_rules:
        values = {name: {"action": "cancel", "choice": "off"}.get(name, token) for name in rule.arguments}
        path = urls.build(rule.endpoint, values)
        assert token not in redact(f"GET {path} HTTP/1.1"), rule.rule


def test_every_token_route_is_redacted_and_other_paths_are_kept():
    token = "Zx8_-" * 9
    assert redact(f"GET /surveys/{token} HTTP/1.1") == "GET /surveys/<token> HTTP/1.1"
    assert redact(f"POST /invitations/{token}?x=1") == "POST /invitations/<token>?x=1"
    assert redact(f"/reset-password/{token}") == "/reset-password/<token>"
    assert redact(f"POST /bookings/{token}/cancel HTTP/1.1") == "POST /bookings/<token>/cancel HTTP/1.1"
    assert redact(f"POST /reminders-off/{token} HTTP/1.1") == "POST /reminders-off/<token> HTTP/1.1"
    assert redact("POST /account/bookings/12/cancel HTTP/1.1") == "POST /account/bookings/12/cancel HTTP/1.1"
    assert redact("GET /surveys/thank-you HTTP/1.1") == "GET /surveys/thank-you HTTP/1.1"
    assert redact("GET /staff/reports/surveys HTTP/1.1") == "GET /staff/reports/surveys HTTP/1.1"


def test_gunicorns_access_log_arguments_are_redacted_too():
    token = "a" * 64
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', None, None
    )
    record.args = {"h": "10.0.0.1", "r": f"GET /surveys/{token} HTTP/1.1", "U": f"/surveys/{token}", "s": 200}
    TokenRedactingFilter().filter(record)
    assert record.getMessage() == '10.0.0.1 "GET /surveys/<token> HTTP/1.1" 200'
    assert record.args["U"] == "/surveys/<token>"


def test_a_queue_search_sent_on_to_the_sign_in_page_reaches_no_access_log_line(app, caplog, monkeypatch):
    # Signed out, a search is carried to the sign-in page inside its encoded next= address.
    path = "/sign-in?next=/staff/queue%3Fq%3DOttoline%2BQuimby%26kind%3Dmessage"
    logged = development_server_log_of_a_visit(app, caplog, monkeypatch, path)
    assert any("GET /sign-in?next=/staff/queue" in line and "<search>" in line for line in logged), logged
    assert not any("quimby" in line.lower() for line in logged), logged
