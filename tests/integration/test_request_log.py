"""Request logs record the route, not the token in an emailed link."""

import logging
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server

from portal.web.request_log import TokenRedactingFilter, redact
from tests.integration.survey_helpers import sent_link


def test_the_development_servers_access_log_shows_the_route_not_the_token(app, caplog, monkeypatch):
    # Alembic's logging set-up, run by the test harness's migrations, disables existing loggers.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    link = sent_link()
    token = link.rsplit("/", 1)[1]
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{link}") as response:
            assert response.status == 200
        thread.join(timeout=10)
    server.server_close()
    logged = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("GET /surveys/<token> HTTP/1.1" in line for line in logged), logged
    assert not any(token in line for line in logged)


def test_every_token_route_is_redacted_and_other_paths_are_kept():
    token = "Zx8_-" * 9
    assert redact(f"GET /surveys/{token} HTTP/1.1") == "GET /surveys/<token> HTTP/1.1"
    assert redact(f"POST /invitations/{token}?x=1") == "POST /invitations/<token>?x=1"
    assert redact(f"/reset-password/{token}") == "/reset-password/<token>"
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
