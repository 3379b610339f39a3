"""The one email path.

Services call :func:`queue_email`, which writes to the outbox in the same
transaction as the change that causes the email. ``flask send-emails`` calls
:func:`deliver_pending`, which claims messages so two senders never send the
same one, and retries failures with exponential backoff.

    catalogue   every email: its fixed subject, body template, greeting
    answering   the closing lines: how to answer, who to call
    rendering   the edge: the renderer the app gives (portal/adapters.py)
    outbox      queueing, and the hourly limit of emails from public forms
    transports  file, SMTP, GOV.UK Notify, and the email as it leaves (MIME)
    html        the HTML part, written from the text in GOV.UK Notify's style
    delivery    the sender: claims, sends, retries with backoff
    failed      emails given up on, for staff to try again
"""

from portal.services.email.answering import write_body
from portal.services.email.catalogue import EMAILS, REDACTED_BODY
from portal.services.email.delivery import (
    CLAIM_MINUTES,
    MAX_ATTEMPTS,
    DeliveryResult,
    backoff,
    deliver_pending,
)
from portal.services.email.failed import CannotResend, failed_messages, retry_failed
from portal.services.email.outbox import (
    public_email_allowed,
    queue_email,
    queue_public_email,
    queue_to_household,
)
from portal.services.email.rendering import render_body, use_renderer
from portal.services.email.transports import (
    NotifyTransport,
    SmtpTransport,
    Transport,
    build_mime,
    transport_from_config,
)

__all__ = [
    "CLAIM_MINUTES",
    "EMAILS",
    "MAX_ATTEMPTS",
    "REDACTED_BODY",
    "CannotResend",
    "DeliveryResult",
    "NotifyTransport",
    "SmtpTransport",
    "Transport",
    "backoff",
    "build_mime",
    "deliver_pending",
    "failed_messages",
    "public_email_allowed",
    "queue_email",
    "queue_public_email",
    "queue_to_household",
    "render_body",
    "retry_failed",
    "write_body",
    "transport_from_config",
    "use_renderer",
]
