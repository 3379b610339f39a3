"""A new agency's first run: the set-up checklist an admin works through after
``create-admin``, and opening the service once it is complete. Until then the
public forms say the service is not open yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Council, OutboxMessage, OutboxStatus
from portal.services import agency, audit, clock, email
from portal.services.errors import DomainError

SENDER_CHECK_TEMPLATE = "sender_check"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool


def _saved() -> bool:
    return agency.settings().id is not None


def _sender_checked() -> bool:
    delivered = select(func.count()).where(
        OutboxMessage.template == SENDER_CHECK_TEMPLATE, OutboxMessage.status == OutboxStatus.SENT
    )
    return bool(db.session.scalar(delivered))


def _councils_offered() -> bool:
    offered = select(func.count()).where(Council.retired_at.is_(None), Council.in_region.is_(True))
    return bool(db.session.scalar(offered))


def checklist() -> list[Step]:
    """Each thing a new agency sets before families meet the portal, and whether it is done."""
    current = agency.settings()
    return [
        Step(
            "agency",
            "Agency name, contact email and phone",
            _saved() and bool(current.contact_email and current.contact_phone),
        ),
        Step("team_inbox", "Team inbox", bool(current.team_inbox)),
        Step("councils", "Councils", _councils_offered()),
        Step(
            "pack",
            "Information pack links",
            bool(current.pack_video_url and current.pack_presentation_url and current.pack_guide_url),
        ),
        # The settings form asks for every promise, so saving it once confirms them.
        Step("promises", "Promises: targets and working days", _saved()),
        Step("sender", "The email sender", _sender_checked()),
    ]


def is_open() -> bool:
    return agency.settings().opened_at is not None


def send_test_email(*, actor_id: int) -> OutboxMessage:
    """A test email to the team inbox: once the sender delivers it, the sender works."""
    current = agency.settings()
    if not current.team_inbox:
        raise DomainError("Enter the team inbox in the settings first")
    message = email.queue_email(
        template=SENDER_CHECK_TEMPLATE, to=current.team_inbox, context={"agency_name": current.name}
    )
    audit.record(
        actor_id=actor_id,
        action="agency.test_email_queued",
        record_type="agency_settings",
        record_id=current.id,
        summary="Test email queued for the team inbox",
    )
    return message


def open_service(*, actor_id: int | None, unchecked: tuple[str, ...] = ()) -> None:
    """Open the public forms. Every step must be done, except those named in
    ``unchecked`` (the demo data has no sender to check), which the audit names."""
    if is_open():
        return
    missing = [step.title for step in checklist() if not step.done and step.key not in unchecked]
    if missing:
        raise DomainError("Finish the set-up first: " + ", ".join(missing))
    current = agency.settings_to_change()
    current.opened_at = clock.now()
    summary = "Service opened" + (f" without checking: {', '.join(unchecked)}" if unchecked else "")
    audit.record(
        actor_id=actor_id,
        action="agency.opened",
        record_type="agency_settings",
        record_id=current.id,
        summary=summary,
    )
