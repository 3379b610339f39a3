"""The outbox: services queue an email in the same transaction as the change
that causes it; at most so many an hour go to one address from public forms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Household, OutboxMessage, OutboxStatus
from portal.services import agency, clock
from portal.services.email.answering import write_body
from portal.services.email.catalogue import EMAILS

log = logging.getLogger(__name__)


def queue_email(
    *,
    template: str,
    to: str,
    context: dict,
    ics: str | None = None,
    cancel_ics: str | None = None,
    unsubscribe_link: str | None = None,
) -> OutboxMessage:
    """``unsubscribe_link``: for an email turned off by its own link (and only
    for one), the link that turns it off in one click."""
    spec = EMAILS[template]
    if spec.turned_off_by_own_link != (unsubscribe_link is not None):
        wants = "needs" if spec.turned_off_by_own_link else "has no"
        raise ValueError(f"The {template} email {wants} unsubscribe link of its own")
    now = clock.now()
    message = OutboxMessage(
        template=template,
        to_address=to,
        subject=spec.subject,
        body=write_body(template, to, context),
        reply_to=agency.settings().team_inbox or None,
        ics=ics,
        cancel_ics=cancel_ics,
        unsubscribe_link=unsubscribe_link,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    return message


def queue_to_household(
    household: Household, *, template: str, context: dict, ics_for: Callable[[str], str | None] | None = None
) -> list[OutboxMessage]:
    """The same email to every adult of the household who can still sign in,
    each greeted by name, with a calendar file of their own when ``ics_for``
    (given the adult's address) writes one."""
    return [
        queue_email(
            template=template,
            to=adult.email,
            context={**context, "first_name": adult.first_name},
            ics=ics_for(adult.email) if ics_for else None,
        )
        for adult in household.adults
        if adult.is_active
    ]


def public_email_allowed(*, to: str, per_recipient_per_hour: int) -> bool:
    """Whether one more email from a public form may go to this address this hour."""
    recent = db.session.execute(
        select(func.count()).where(
            OutboxMessage.to_address == to,
            OutboxMessage.from_public_form.is_(True),
            OutboxMessage.created_at > clock.now() - timedelta(hours=1),
        )
    ).scalar_one()
    return recent < per_recipient_per_hour


def queue_public_email(
    *,
    per_recipient_per_hour: int,
    template: str,
    to: str,
    context: dict,
    ics: str | None = None,
    cancel_ics: str | None = None,
    unsubscribe_link: str | None = None,
) -> OutboxMessage | None:
    """An email caused by someone not signed in, who may have typed anyone's
    address. At most so many an hour go to one address from all public forms
    together, so the agency's email cannot be turned on someone; beyond that
    nothing is queued, and the caller answers exactly as usual."""
    if not public_email_allowed(to=to, per_recipient_per_hour=per_recipient_per_hour):
        log.warning("%s email not queued: its recipient's hourly limit is reached", template)
        return None
    message = queue_email(
        template=template,
        to=to,
        context=context,
        ics=ics,
        cancel_ics=cancel_ics,
        unsubscribe_link=unsubscribe_link,
    )
    message.from_public_form = True
    return message
