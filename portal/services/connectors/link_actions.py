"""What a connector does with a link: accept or decline it, log contacts,
tell staff something, close it (staff may close it too).

Free text people type (contact notes, decline reasons, concerns) is never
audited, logged or emailed.
"""

from __future__ import annotations

from datetime import date

from portal.extensions import db
from portal.models import (
    CloseReason,
    ConnectorConcern,
    ConnectorContact,
    ConnectorLink,
    ContactMethod,
    LinkStatus,
)
from portal.services import agency, audit, clock, site, triage, working_days
from portal.services.connectors.connector_view import link_for_connector, own_link
from portal.services.connectors.errors import LinkStateInvalid
from portal.services.connectors.household_view import get_link
from portal.services.connectors.profiles import find_profile
from portal.services.email import queue_email, queue_to_household
from portal.services.errors import DomainError

CONCERN_WORKING_DAYS = 1


def accept(*, link_id: int, user_id: int) -> ConnectorLink:
    link = own_link(link_id, user_id, LinkStatus.PROPOSED)
    link.status = LinkStatus.ACTIVE
    link.responded_at = clock.now()
    connector = link.connector
    profile = find_profile(connector.id)
    queue_to_household(
        link.household,
        template="connector_link_started",
        context={
            "connector_name": connector.first_name,
            "connector_contact": profile.contact_for_households if profile else "",
            "account_link": site.link("/account"),
        },
    )
    audit.record(
        actor_id=user_id,
        action="connector.link_accepted",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} accepted",
    )
    return link


def decline(*, link_id: int, user_id: int, reason: str | None) -> ConnectorLink:
    link = own_link(link_id, user_id, LinkStatus.PROPOSED)
    link.status = LinkStatus.DECLINED
    link.responded_at = clock.now()
    link.decline_reason = (reason or "").strip() or None
    audit.record(
        actor_id=user_id,
        action="connector.link_declined",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} declined" + (" with a reason" if link.decline_reason else ""),
    )
    return link


def log_contact(
    *, link_id: int, user_id: int, contact_on: date, method: str, note: str | None
) -> ConnectorContact:
    link = own_link(link_id, user_id, LinkStatus.ACTIVE)
    if contact_on > clock.today():
        raise DomainError("The date of the contact must be today or in the past")
    if contact_on < clock.to_london(link.proposed_at).date():
        raise DomainError("The date of the contact must be after the link was proposed")
    try:
        method = ContactMethod(method)
    except ValueError as error:
        raise DomainError("Choose how you were in touch") from error
    contact = ConnectorContact(
        link_id=link.id,
        contact_on=contact_on,
        method=method,
        note=(note or "").strip(),
        logged_at=clock.now(),
    )
    db.session.add(contact)
    db.session.flush()
    audit.record(
        actor_id=user_id,
        action="connector.contact_logged",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Contact logged on link {link.id}: {method.label}, {contact_on.isoformat()}",
    )
    return contact


def raise_concern(*, link_id: int, user_id: int, body: str, safeguarding: bool) -> ConnectorConcern:
    """ "I need to tell staff something": a queue item at once; a safeguarding
    concern is urgent, due today, and the team's inbox is told (without the text)."""
    link = link_for_connector(link_id=link_id, user_id=user_id, for_update=True).link
    if link.status not in (LinkStatus.ACTIVE, LinkStatus.PROPOSED):
        raise LinkStateInvalid("This link has ended: call the adoption team")
    if not body.strip():
        raise DomainError("Enter what you need to tell staff")
    if safeguarding:
        due_on, reason = clock.today(), "Safeguarding: the same day"
    else:
        due_on, reason = working_days.due_in_working_days(clock.now(), CONCERN_WORKING_DAYS)
    item = triage.raise_item(
        kind="connector_concern",
        title="Safeguarding concern from a peer connector"
        if safeguarding
        else "A peer connector needs to tell staff something",
        due_on=due_on,
        due_reason=reason,
        council_id=link.household.council_id,
        household_id=link.household_id,
        actor_id=user_id,
        urgent=safeguarding,
    )
    item.assignee_id = link.household.social_worker_id
    concern = ConnectorConcern(
        link_id=link.id,
        triage_item_id=item.id,
        body=body.strip(),
        safeguarding=safeguarding,
        raised_at=clock.now(),
    )
    db.session.add(concern)
    db.session.flush()
    settings = agency.settings()
    if safeguarding and settings.contact_email:
        queue_email(
            template="connector_safeguarding_concern",
            to=settings.contact_email,
            context={"reference": item.reference, "link": site.link(f"/staff/queue/{item.id}")},
        )
    audit.record(
        actor_id=user_id,
        action="connector.concern_raised",
        record_type="connector_link",
        record_id=link.id,
        summary=f"{item.reference} raised from link {link.id}" + (" (safeguarding)" if safeguarding else ""),
    )
    return concern


def close(*, link_id: int, actor_id: int, reason: str, by_connector: bool) -> ConnectorLink:
    """The connector (their own link only) or staff end an active link."""
    if by_connector:
        link = own_link(link_id, actor_id, LinkStatus.ACTIVE)
    else:
        link = get_link(link_id, for_update=True)
        if link.status != LinkStatus.ACTIVE:
            raise LinkStateInvalid("This link is not active")
    try:
        reason = CloseReason(reason)
    except ValueError as error:
        raise DomainError("Choose why the link is ending") from error
    link.status = LinkStatus.CLOSED
    link.closed_at = clock.now()
    link.close_reason = reason
    link.closed_by_id = actor_id
    audit.record(
        actor_id=actor_id,
        action="connector.link_closed",
        record_type="connector_link",
        record_id=link.id,
        summary=f"Link {link.id} closed by {'the connector' if by_connector else 'staff'}: {reason.label}",
    )
    return link
