"""Email through GOV.UK Notify: the real client, pointed at a stand-in for
Notify's API on 127.0.0.1 that records each request and answers as told."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
import time_machine

from portal.database import writing
from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import clock
from portal.services.email import (
    DeliveryResult,
    Transport,
    backoff,
    deliver_pending,
    queue_email,
    transport_from_config,
)

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"portal_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())


class FakeNotify:
    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                token = self.headers["Authorization"].removeprefix("Bearer ")
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                fake.requests.append({"path": self.path, "issuer": claims["iss"], "json": body})
                status = fake.answers.pop(0) if fake.answers else 201
                reply = json.dumps({"id": str(uuid.uuid4())} if status == 201 else {"errors": []}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def fake_notify():
    fake = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()


def notify_transport(app, fake) -> Transport:
    app.config.update(EMAIL_BACKEND="notify", NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_ID=TEMPLATE_ID)
    app.config["NOTIFY_BASE_URL"] = fake.url
    return transport_from_config(app.config)


def queue_booking_email() -> OutboxMessage:
    message = queue_email(
        template="password_reset",
        to="sam@example.com",
        context={"first_name": "Sam", "link": "http://portal.test/reset/x", "hours": 2},
        ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    db.session.commit()
    return message


def deliver(transport) -> DeliveryResult:
    with writing():
        return deliver_pending(transport=transport)


def test_an_email_goes_to_notify_as_the_generic_template_with_its_subject_and_body(app, fake_notify):
    message = queue_booking_email()
    assert deliver(notify_transport(app, fake_notify)).sent == 1
    [sent] = fake_notify.requests
    assert sent["path"] == "/v2/notifications/email"
    assert sent["issuer"] == SERVICE_ID
    assert sent["json"] == {
        "email_address": "sam@example.com",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "Reset your adoption portal password", "body": message.body},
        "reference": f"outbox-{message.id}",
    }
    assert "BEGIN:VCALENDAR" not in json.dumps(sent)  # Notify cannot attach a calendar file
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT


def test_a_notify_error_or_rate_limit_is_retried_with_backoff(app, fake_notify):
    message = queue_booking_email()
    fake_notify.answers = [500, 429]
    transport = notify_transport(app, fake_notify)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert deliver(transport).retrying == 1
        traveller.shift(backoff(1) + timedelta(seconds=1))
        assert deliver(transport).retrying == 1
        traveller.shift(backoff(2) + timedelta(seconds=1))
        assert deliver(transport).sent == 1
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 3)
    assert len(fake_notify.requests) == 3


def test_notify_being_unreachable_is_retried(app, fake_notify):
    message = queue_booking_email()
    app.config.update(EMAIL_BACKEND="notify", NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_ID=TEMPLATE_ID)
    app.config["NOTIFY_BASE_URL"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    assert deliver(transport_from_config(app.config)).retrying == 1
    db.session.refresh(message)
    assert message.status == OutboxStatus.PENDING


def test_an_email_notify_refuses_fails_at_once_and_is_not_tried_again(app, fake_notify):
    message = queue_booking_email()
    fake_notify.answers = [400]
    assert deliver(notify_transport(app, fake_notify)).failed == 1
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert message.last_error == "Notify refused the email (400)"
    assert len(fake_notify.requests) == 1
