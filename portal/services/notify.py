"""The one email path.

Services call :func:`queue_email`, which writes to the outbox in the same
transaction as the change that causes the email. ``flask send-emails`` calls
:func:`deliver_pending`, which claims messages so two senders never send the
same one, and retries failures with exponential backoff.

Every email's subject is fixed here, so no subject can carry personal or
special category data.
"""

from __future__ import annotations

import re
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Protocol

from flask import current_app, render_template
from sqlalchemy import func, or_, select, update

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus, Role, User
from portal.services import agency, audit, clock
from portal.services.errors import DomainError, NotFound
from portal.services.paging import Page, paginate

MAX_ATTEMPTS = 8
CLAIM_MINUTES = 5
MAX_BACKOFF = timedelta(hours=6)


REDACTED_BODY = "[redacted after sending]"


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    body_template: str
    # The body carries something that must not be kept once sent (an
    # anonymous survey's link): the sender blanks it after delivery.
    redact_after_send: bool = False
    # Its closing lines on how to answer may name the household's social worker.
    names_the_social_worker: bool = True


EMAILS: dict[str, EmailTemplate] = {
    "invitation": EmailTemplate("Set up your account for the adoption portal", "emails/invitation.txt"),
    "information_pack": EmailTemplate("Your adoption information pack", "emails/information_pack.txt"),
    "status_update": EmailTemplate("There is an update on your adoption journey", "emails/status_update.txt"),
    "catch_up_reminder": EmailTemplate("Your catch-up call is coming up", "emails/catch_up_reminder.txt"),
    "support_call_requested": EmailTemplate(
        "We have your request for a support call", "emails/support_call_requested.txt"
    ),
    "support_call_scheduled": EmailTemplate(
        "Your support call is booked", "emails/support_call_scheduled.txt"
    ),
    "support_call_rescheduled": EmailTemplate(
        "Your support call has moved", "emails/support_call_scheduled.txt"
    ),
    "support_call_cancelled": EmailTemplate(
        "Your support call is cancelled", "emails/support_call_cancelled.txt"
    ),
    "connector_link_proposed": EmailTemplate(
        "A family has been suggested for you to support", "emails/connector_link_proposed.txt"
    ),
    "connector_link_started": EmailTemplate("You have a peer connector", "emails/connector_link_started.txt"),
    "connector_safeguarding_concern": EmailTemplate(
        "Urgent: a peer connector has raised a safeguarding concern",
        "emails/connector_safeguarding_concern.txt",
    ),
    "new_message": EmailTemplate(
        "You have a new message", "emails/new_message.txt", names_the_social_worker=False
    ),
    "password_reset": EmailTemplate("Reset your adoption portal password", "emails/password_reset.txt"),
    "sign_in_attempts": EmailTemplate("Sign-in attempts on your account", "emails/sign_in_attempts.txt"),
    "booking_confirmed": EmailTemplate("Your place is booked", "emails/booking_confirmed.txt"),
    "booking_waitlisted": EmailTemplate("You are on the waiting list", "emails/booking_waitlisted.txt"),
    "place_offered": EmailTemplate("A place has come up for you", "emails/place_offered.txt"),
    "booking_cancelled": EmailTemplate("Your booking is cancelled", "emails/booking_cancelled.txt"),
    "booking_reminder": EmailTemplate("Reminder: your booking is coming up", "emails/booking_reminder.txt"),
    "survey_invitation": EmailTemplate(
        "A short anonymous survey from the adoption team",
        "emails/survey_invitation.txt",
        redact_after_send=True,
    ),
    "survey_reminder": EmailTemplate(
        "Reminder: a short anonymous survey from the adoption team",
        "emails/survey_reminder.txt",
        redact_after_send=True,
    ),
}


# A name that could be read as a link or an address: a scheme, "www.", an
# email address, a path, or a dot followed by letters as in "evil.example".
LOOKS_LIKE_A_LINK = re.compile(r"://|www\.|@|/|\\|\w\.[a-z]{2,}", re.IGNORECASE)


def greeting(first_name: str | None) -> str:
    """ "Dear Jo," or, without a name to use, "Hello,". A name typed on a
    public form is not checked, and one that looks like a link must never
    reach an email as if the agency had written it."""
    if not first_name or LOOKS_LIKE_A_LINK.search(first_name):
        return "Hello,"
    return f"Dear {first_name},"


def render_body(template: str, context: dict) -> str:
    return render_template(EMAILS[template].body_template, **context)


def _how_to_answer(template: str, to: str) -> str:
    """The closing lines of every email: how to answer, and who to call."""
    recipient = db.session.scalar(select(User).where(User.email == to))
    messages_path = None
    worker = None
    if recipient is not None and recipient.role in (Role.APPLICANT, Role.FAMILY):
        messages_path = "/account/messages"
        if recipient.household is not None and EMAILS[template].names_the_social_worker:
            worker = recipient.household.social_worker
    elif recipient is not None and recipient.role == Role.CONNECTOR:
        messages_path = "/connector/messages"
    return render_template(
        "emails/_how_to_answer.txt",
        settings=agency.settings(),
        messages_link=current_app.config["BASE_URL"] + messages_path if messages_path else None,
        worker=worker,
    )


def queue_email(*, template: str, to: str, context: dict, ics: str | None = None) -> OutboxMessage:
    spec = EMAILS[template]
    now = clock.now()
    if "first_name" in context:
        first_name = context["first_name"]
        context = {key: value for key, value in context.items() if key != "first_name"}
        context["greeting"] = greeting(first_name)
    message = OutboxMessage(
        template=template,
        to_address=to,
        subject=spec.subject,
        body=render_body(template, context).rstrip("\n") + "\n\n" + _how_to_answer(template, to),
        reply_to=agency.settings().team_inbox or None,
        ics=ics,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    return message


def public_email_allowed(*, to: str, per_recipient_per_hour: int) -> bool:
    """Whether one more email from a public form may go to this address this hour."""
    recent = db.session.scalar(
        select(func.count()).where(
            OutboxMessage.to_address == to,
            OutboxMessage.from_public_form.is_(True),
            OutboxMessage.created_at > clock.now() - timedelta(hours=1),
        )
    )
    return recent < per_recipient_per_hour


def queue_public_email(
    *, per_recipient_per_hour: int, template: str, to: str, context: dict, ics: str | None = None
) -> OutboxMessage | None:
    """An email caused by someone not signed in, who may have typed anyone's
    address. At most so many an hour go to one address from all public forms
    together, so the agency's email cannot be turned on someone; beyond that
    nothing is queued, and the caller answers exactly as usual."""
    if not public_email_allowed(to=to, per_recipient_per_hour=per_recipient_per_hour):
        current_app.logger.warning("%s email not queued: its recipient's hourly limit is reached", template)
        return None
    message = queue_email(template=template, to=to, context=context, ics=ics)
    message.from_public_form = True
    return message


class Transport(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


def build_mime(message: OutboxMessage, sender: str) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to_address
    mime["Subject"] = message.subject
    mime["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime.set_content(message.body)
    if message.ics:
        mime.add_attachment(
            message.ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
        )
    return mime


class FileTransport:
    """Development: writes each email as an ``.eml`` file."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, message: OutboxMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.id:08d}-{message.template}.eml"
        path.write_bytes(bytes(build_mime(message, self.sender)))


class SmtpTransport:
    def __init__(
        self, *, host: str, port: int, sender: str, username: str | None, password: str | None, starttls: bool
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls

    def send(self, message: OutboxMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(build_mime(message, self.sender))


class PermanentFailure(Exception):
    """The email service refused this message for good: trying again cannot help."""


class NotifyTransport:
    """GOV.UK Notify, through one generic email template whose content is
    ``((body))`` and subject ``((subject))``.

    Notify cannot attach a file to an email, so a calendar file (``.ics``) is
    not sent; the email's text already gives the date, time and place.
    A refusal (4xx other than 429: bad key or template, an address Notify
    will not send to) fails the message at once; a rate limit, a Notify
    error (5xx) or no connection is retried with backoff, like SMTP.
    """

    def __init__(self, *, api_key: str, template_id: str, base_url: str | None = None) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        options = {"base_url": base_url} if base_url else {}
        self.client = NotificationsAPIClient(api_key, timeout=30, **options)
        self.template_id = template_id

    def send(self, message: OutboxMessage) -> None:
        from notifications_python_client.errors import HTTPError

        try:
            self.client.send_email_notification(
                email_address=message.to_address,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=f"outbox-{message.id}",
            )
        except HTTPError as error:
            status = error.status_code
            if 400 <= status < 500 and status != 429:
                raise PermanentFailure(f"Notify refused the email ({status})") from error
            raise


def transport_from_config(config) -> Transport:
    backend = config["EMAIL_BACKEND"]
    if backend == "file":
        return FileTransport(Path(config["INSTANCE_PATH"]) / "outbox", config["EMAIL_FROM"])
    if backend == "smtp":
        return SmtpTransport(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            sender=config["EMAIL_FROM"],
            username=config["SMTP_USERNAME"],
            password=config["SMTP_PASSWORD"],
            starttls=config["SMTP_STARTTLS"],
        )
    if backend == "notify":
        return NotifyTransport(
            api_key=config["NOTIFY_API_KEY"],
            template_id=config["NOTIFY_TEMPLATE_ID"],
            base_url=config.get("NOTIFY_BASE_URL"),
        )
    raise ValueError(f"Unknown EMAIL_BACKEND {backend!r}")


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failed attempt, capped at 6 hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def _claim(sender_id: str, batch_size: int, now: datetime) -> list[int]:
    claimable = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(batch_size)
        # PostgreSQL: concurrent senders skip rows another is claiming. SQLite
        # needs nothing: BEGIN IMMEDIATE already lets one writer in at a time.
        .with_for_update(skip_locked=True)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(claimable))
        .values(claimed_by=sender_id, claimed_until=now + timedelta(minutes=CLAIM_MINUTES)),
        execution_options={"synchronize_session": False},
    )
    claimed = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.claimed_by == sender_id, OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.id)
        )
    )
    db.session.commit()
    return claimed


def _redact_if_needed(message: OutboxMessage) -> None:
    """Once a message is finished with, sent or given up, blank a body that must not be kept."""
    spec = EMAILS.get(message.template)
    if spec is not None and spec.redact_after_send:
        message.body = REDACTED_BODY


def deliver_pending(*, transport: Transport, batch_size: int = 50) -> DeliveryResult:
    """Send what is due. This is a job, its own transaction edge: it commits
    after the claim and after each message, so a crash loses nothing sent."""
    result = DeliveryResult()
    sender_id = uuid.uuid4().hex
    while True:
        ids = _claim(sender_id, batch_size, clock.now())
        if not ids:
            return result
        for message_id in ids:
            # Read the row as claimed: a copy already in the session (from an
            # earlier round) would hide the claim, and "unclaiming" it would
            # then write nothing, so the message would be retried at once.
            message = db.session.get(OutboxMessage, message_id, populate_existing=True)
            try:
                transport.send(message)
            except Exception as error:  # any transport failure is retried later, unless permanent
                permanent = isinstance(error, PermanentFailure)
                message.attempts += 1
                message.last_error = str(error)[:500] if permanent else type(error).__name__
                message.claimed_by = None
                message.claimed_until = None
                if message.attempts >= MAX_ATTEMPTS or permanent:
                    message.status = OutboxStatus.FAILED
                    _redact_if_needed(message)
                    result.failed += 1
                else:
                    message.next_attempt_at = clock.now() + backoff(message.attempts)
                    result.retrying += 1
                current_app.logger.warning(
                    "email %s attempt %s failed: %s", message.id, message.attempts, type(error).__name__
                )
            else:
                message.attempts += 1
                message.status = OutboxStatus.SENT
                message.sent_at = clock.now()
                message.claimed_until = None
                _redact_if_needed(message)
                result.sent += 1
            db.session.commit()


class CannotResend(DomainError):
    pass


def failed_messages(*, page: int, page_size: int = 25) -> Page[OutboxMessage]:
    """Emails given up on, newest first, for staff to look at and try again."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    return paginate(query, page=page, page_size=page_size)


def retry_failed(*, message_id: int, actor_id: int) -> OutboxMessage:
    """Put a failed email back in the outbox, due now, with a fresh set of attempts."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.FAILED:
        raise NotFound("There is no failed email with that number")
    if message.body == REDACTED_BODY:
        raise CannotResend(
            "This email's content was removed when it was given up on, to keep a survey anonymous, "
            "so it cannot be sent again"
        )
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = clock.now()
    message.claimed_by = None
    message.claimed_until = None
    audit.record(
        actor_id=actor_id,
        action="email.retried",
        record_type="outbox_message",
        record_id=message.id,
        summary=f"Failed {message.template} email put back to send (last error {message.last_error})",
    )
    return message
