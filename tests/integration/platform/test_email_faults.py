"""Email keeps its promise when things go wrong: a real SMTP server on
127.0.0.1 that is down for a while, and a sender killed in the middle of a
batch. The guarantee is at-least-once with one narrow duplicate window: a
message the mail server accepted, whose "sent" commit was then lost (the
sender died between the two), is sent again once its claim expires
(``email.CLAIM_MINUTES``). Everything else arrives exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.config import PROJECT_ROOT
from portal.database import writing
from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import clock
from portal.services.email import (
    CLAIM_MINUTES,
    DeliveryResult,
    SmtpTransport,
    backoff,
    deliver_pending,
    queue_email,
)


class Mailbox:
    """An SMTP server's handler that keeps what it accepts. ``hold_at`` makes
    the n-th delivery stall before the message is accepted."""

    def __init__(self, hold_at: int | None = None):
        self.received: list[str] = []
        self.attempts = 0
        self.hold_at = hold_at
        self.holding = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.attempts += 1
        if self.attempts == self.hold_at:
            self.holding.set()
            await asyncio.sleep(30)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content)["To"])
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start (and stop) a real SMTP server on 127.0.0.1."""
    started = []

    def start(port: int, mailbox: Mailbox) -> Controller:
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


def smtp_to(port: int) -> SmtpTransport:
    return SmtpTransport(
        host="127.0.0.1",
        port=port,
        sender="portal@example.com",
        base_url="http://portal.test",
        username=None,
        password=None,
        starttls=False,
    )


def queue(count: int) -> list[str]:
    addresses = [f"person{n}@example.com" for n in range(count)]
    for address in addresses:
        queue_email(
            template="password_reset",
            to=address,
            context={"first_name": "Sam", "link": "http://portal.test/x", "hours": 2},
        )
    db.session.commit()
    return addresses


def deliver(transport) -> DeliveryResult:
    with writing():
        return deliver_pending(transport=transport)


def test_while_the_mail_server_is_down_emails_wait_and_each_arrives_once_when_it_is_back(app, smtp_server):
    addresses = queue(4)
    port = free_port()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert deliver(smtp_to(port)).retrying == 4
        traveller.shift(backoff(1) + timedelta(seconds=1))
        assert deliver(smtp_to(port)).retrying == 4

        mailbox = Mailbox()
        smtp_server(port, mailbox)
        assert deliver(smtp_to(port)).sent == 0  # not due again yet: backoff is respected
        traveller.shift(backoff(2) + timedelta(seconds=1))
        assert deliver(smtp_to(port)).sent == 4
        traveller.shift(timedelta(hours=7))
        assert deliver(smtp_to(port)).sent == 0

    assert Counter(mailbox.received) == Counter(addresses)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert {(m.status, m.attempts) for m in messages} == {(OutboxStatus.SENT, 3)}


def test_a_sender_killed_mid_batch_loses_nothing_and_sends_nothing_twice(app, smtp_server, tmp_path):
    addresses = queue(5)
    port = free_port()
    mailbox = Mailbox(hold_at=3)  # the third email stalls before the server accepts it
    smtp_server(port, mailbox)
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "test secret key",
        "EMAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
    }
    sender = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "send-emails"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert mailbox.holding.wait(timeout=30), "the sender never reached the third email"
    finally:
        sender.send_signal(signal.SIGKILL)
        sender.wait(timeout=10)
    assert sorted(mailbox.received) == addresses[:2]

    db.session.expire_all()
    statuses = db.session.scalars(select(OutboxMessage.status).order_by(OutboxMessage.id)).all()
    assert statuses == [OutboxStatus.SENT] * 2 + [OutboxStatus.PENDING] * 3

    with time_machine.travel(clock.now(), tick=False) as traveller:
        # The dead sender's claim still holds the rest, so a second sender leaves them...
        assert deliver(smtp_to(port)).sent == 0
        # ...until the claim runs out.
        traveller.shift(timedelta(minutes=CLAIM_MINUTES, seconds=1))
        assert deliver(smtp_to(port)).sent == 3

    assert Counter(mailbox.received) == Counter(addresses)


def test_the_sender_process_keeps_sending_until_told_to_stop(app, tmp_path):
    queue(2)
    started = time.monotonic()
    result = app.test_cli_runner().invoke(
        args=["send-emails", "--loop", "--interval", "0.1", "--max-seconds", "0.5"]
    )
    assert result.exit_code == 0, result.output
    assert 0.4 < time.monotonic() - started < 5
    assert result.output.splitlines() == ["sent 2, retrying 0, failed 0"]
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
