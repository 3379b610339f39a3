import email
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import time_machine
from sqlalchemy import select

from portal.database import writing
from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus
from portal.services import clock
from portal.services.email import MAX_ATTEMPTS, DeliveryResult, backoff, deliver_pending, queue_email


class RecordingTransport:
    """Stands in for the mail server and remembers what it was given."""

    def __init__(self, fail: bool = False, delay: float = 0.0):
        self.sent: list[int] = []
        self.fail = fail
        self.delay = delay
        self.lock = threading.Lock()

    def send(self, message):
        time.sleep(self.delay)
        if self.fail:
            raise ConnectionRefusedError("mail server down")
        with self.lock:
            self.sent.append(message.id)


def queue(count: int = 1) -> list[int]:
    messages = [
        queue_email(
            template="password_reset",
            to=f"person{n}@example.com",
            context={"first_name": "Sam", "link": "http://portal.test/x", "hours": 2},
        )
        for n in range(count)
    ]
    db.session.commit()
    return [m.id for m in messages]


def deliver(transport) -> DeliveryResult:
    with writing():
        return deliver_pending(transport=transport)


def test_an_email_is_only_queued_when_the_change_that_causes_it_is_saved(app):
    queue_email(
        template="password_reset", to="a@example.com", context={"first_name": "Sam", "link": "x", "hours": 2}
    )
    db.session.rollback()
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_the_sender_delivers_what_is_waiting_once(app):
    ids = queue(3)
    transport = RecordingTransport()
    assert deliver(transport).sent == 3
    assert deliver(transport).sent == 0
    assert transport.sent == ids
    statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert statuses == [OutboxStatus.SENT] * 3


def test_a_failed_send_is_retried_later_with_backoff_then_given_up(app):
    [message_id] = queue()
    down = RecordingTransport(fail=True)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert deliver(down).retrying == 1
        message = db.session.get(OutboxMessage, message_id)
        assert (message.attempts, message.last_error) == (1, "ConnectionRefusedError")
        assert deliver(down).retrying == 0  # not due again for a minute
        for attempt in range(2, MAX_ATTEMPTS + 1):
            traveller.shift(backoff(attempt - 1) + timedelta(seconds=1))
            deliver(down)
        db.session.refresh(message)
        assert message.status == OutboxStatus.FAILED
        assert message.attempts == MAX_ATTEMPTS


def test_nothing_is_lost_while_the_mail_server_is_down(app):
    ids = queue(2)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        deliver(RecordingTransport(fail=True))
        traveller.shift(timedelta(minutes=2))
        back_up = RecordingTransport()
        deliver(back_up)
    assert back_up.sent == ids


def test_two_senders_at_once_never_send_the_same_email_twice(app):
    ids = queue(40)
    transport = RecordingTransport(delay=0.005)
    errors = []

    def run_sender():
        try:
            with app.app_context():
                deliver(transport)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    senders = [threading.Thread(target=run_sender) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert errors == []
    assert Counter(transport.sent) == Counter(ids)


def test_in_development_emails_are_written_as_eml_files_with_calendar_attachments(app):
    message = queue_email(
        template="password_reset",
        to="a@example.com",
        context={"first_name": "Sam", "link": "http://portal.test/x", "hours": 2},
        ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-emails"])
    assert "sent 1, retrying 0, failed 0" in result.output
    [path] = (Path(app.instance_path) / "outbox").glob("*.eml")
    parsed = email.message_from_bytes(path.read_bytes())
    assert parsed["To"] == "a@example.com"
    assert parsed["Subject"] == "Reset your adoption portal password"
    parts = {part.get_content_type() for part in parsed.walk()}
    assert {"text/plain", "text/calendar"} <= parts
    assert path.name == f"{message.id:08d}-password_reset.eml"


def test_a_message_that_fails_again_waits_its_backoff_even_when_already_loaded(app):
    [message_id] = queue()
    message = db.session.get(OutboxMessage, message_id)  # held, as a long run of the sender would
    down = RecordingTransport(fail=True)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        deliver(down)
        traveller.shift(backoff(1) + timedelta(seconds=1))
        assert deliver(down).retrying == 1
    db.session.refresh(message)
    assert message.attempts == 2
    assert message.claimed_by is None
