"""How a message leaves: a file (development), SMTP or GOV.UK Notify."""

from __future__ import annotations

import re
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from portal.models import OutboxMessage
from portal.services.email.catalogue import EMAILS
from portal.services.email.html import html_body

# What a mail client's unsubscribe by email says to the team inbox.
UNSUBSCRIBE_SUBJECT = "Please stop these reminders"


class Transport(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


def _calendar_method(ics: str) -> str:
    """The iTIP method the calendar file declares (REQUEST, CANCEL ...), which a
    mail client needs on the attachment's content type to act on it."""
    match = re.search(r"^METHOD:(\w+)", ics, re.MULTILINE)
    return match.group(1) if match else "PUBLISH"


def _unsubscribe_headers(message: OutboxMessage, base_url: str) -> dict[str, str]:
    """List-Unsubscribe for an optional email: the page where it is turned
    off; or, for an email with a link of its own, that link with one-click
    POST (RFC 8058), and a mailto to the team inbox when there is one."""
    if message.unsubscribe_link:
        links = [f"<{message.unsubscribe_link}>"]
        if message.reply_to:
            links.append(f"<mailto:{message.reply_to}?subject={quote(UNSUBSCRIBE_SUBJECT)}>")
        return {"List-Unsubscribe": ", ".join(links), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    spec = EMAILS.get(message.template)
    if spec and spec.turned_off_at:
        return {"List-Unsubscribe": f"<{base_url}{spec.turned_off_at}>"}
    return {}


def build_mime(message: OutboxMessage, sender: str, base_url: str) -> EmailMessage:
    """The email as it leaves: dated, with a Message-ID on the sending domain
    (the same on every retry), a plain-text and an HTML part, List-Unsubscribe
    where the email is optional, and the calendar files if there are any (the
    one that adds or updates entries first, then the one that takes entries out)."""
    display_name, address = parseaddr(sender)
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to_address
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(message.created_at)
    mime["Message-ID"] = f"<outbox-{message.id}@{address.rpartition('@')[2] or 'localhost'}>"
    for name, value in _unsubscribe_headers(message, base_url).items():
        mime[name] = value
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime.set_content(message.body)
    mime.add_alternative(html_body(message.body, banner=display_name or address), subtype="html")
    named = ((message.ics, "invite.ics"), (message.cancel_ics, "cancel.ics"))
    files = [(ics, name) for ics, name in named if ics]
    if files:
        mime.make_mixed()
    for ics, name in files:
        mime.add_attachment(
            ics.encode(),
            maintype="text",
            subtype="calendar",
            filename=name,
            params={"method": _calendar_method(ics), "charset": "utf-8"},
        )
    return mime


class FileTransport:
    """Development: writes each email as an ``.eml`` file."""

    def __init__(self, folder: Path, sender: str, base_url: str) -> None:
        self.folder = folder
        self.sender = sender
        self.base_url = base_url

    def send(self, message: OutboxMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message.id:08d}-{message.template}.eml"
        path.write_bytes(bytes(build_mime(message, self.sender, self.base_url)))


class SmtpTransport:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        base_url: str,
        username: str | None,
        password: str | None,
        starttls: bool,
    ) -> None:
        self.host, self.port, self.sender, self.base_url = host, port, sender, base_url
        self.username, self.password, self.starttls = username, password, starttls

    def send(self, message: OutboxMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(build_mime(message, self.sender, self.base_url))


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
        folder = Path(config["INSTANCE_PATH"]) / "outbox"
        return FileTransport(folder, config["EMAIL_FROM"], config["BASE_URL"])
    if backend == "smtp":
        return SmtpTransport(
            host=config["SMTP_HOST"],
            port=config["SMTP_PORT"],
            sender=config["EMAIL_FROM"],
            base_url=config["BASE_URL"],
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
