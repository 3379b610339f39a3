"""Erasure: the household's and its adults' personal details removed, the dates,
councils, stages, statuses and outcomes the annual report counts kept, so
every figure is the same afterwards.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update

from portal.extensions import db
from portal.models import (
    AccountToken,
    BackupCode,
    Booking,
    ConnectorConcern,
    ConnectorContact,
    ConnectorLink,
    ImportedPerson,
    InformationPackRequest,
    ManagerFollowUpRequest,
    Message,
    MessageThread,
    OutboxMessage,
    OutboxStatus,
    StatusUpdate,
    SupportCallRequest,
    SurveyInvitation,
    TriageItem,
    TriageNote,
    User,
)
from portal.services import accounts, audit, clock, triage_people
from portal.services.retention import ERASED_ADDRESS, blank_emails, blank_pack_requests

ERASED_HOUSEHOLD_NAME = "Erased household"
ERASED_PERSON_NAME = "Erased person"


def erase(household_id: int, actor_id: int) -> None:
    """Remove the household's and its adults' personal details, keeping what the figures count."""
    household = accounts.get_household(household_id)
    adults = list(household.adults)
    adult_ids = [adult.id for adult in adults]
    emails = [adult.email for adult in adults if not adult.email.endswith("@invalid")]
    item_ids = select(TriageItem.id).where(TriageItem.household_id == household_id)
    link_ids = select(ConnectorLink.id).where(ConnectorLink.household_id == household_id)

    # Emails not yet sent to them never will be: there is nobody left to send them to.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.to_address.in_(emails), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.FAILED, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    blank_emails(OutboxMessage.to_address.in_(emails))
    blank_pack_requests(InformationPackRequest.email.in_(emails))
    triage_people.forget(item_ids)
    thread_ids = select(MessageThread.id).where(MessageThread.household_id == household_id)
    statements = [
        update(Message).where(Message.thread_id.in_(thread_ids)).values(body=""),
        update(StatusUpdate).where(StatusUpdate.household_id == household_id).values(body=""),
        update(SupportCallRequest)
        .where(SupportCallRequest.household_id == household_id)
        .values(note=None, phone="", best_times=""),
        update(Booking)
        .where(
            or_(
                Booking.household_id == household_id,
                Booking.user_id.in_(adult_ids),
                Booking.email.in_(emails),
            )
        )
        .values(full_name=None, email=None),
        update(ConnectorLink)
        .where(ConnectorLink.household_id == household_id)
        .values(household_contact="", decline_reason=None),
        update(ConnectorContact).where(ConnectorContact.link_id.in_(link_ids)).values(note=""),
        update(ConnectorConcern).where(ConnectorConcern.link_id.in_(link_ids)).values(body=""),
        update(TriageNote).where(TriageNote.triage_item_id.in_(item_ids)).values(body=""),
        update(ManagerFollowUpRequest)
        .where(ManagerFollowUpRequest.triage_item_id.in_(item_ids))
        .values(name="", phone=None, email=None, best_time=None),
        update(SurveyInvitation)
        .where(SurveyInvitation.household_id == household_id)
        .values(email=ERASED_ADDRESS, token_hash=None, cancelled=True),
        update(AccountToken)
        .where(AccountToken.user_id.in_(adult_ids), AccountToken.revoked_at.is_(None))
        .values(revoked_at=clock.now()),
        # Imports named them too, with those who had no email to phone.
        update(ImportedPerson)
        .where(ImportedPerson.household_id == household_id)
        .values(full_name=ERASED_PERSON_NAME, phone=None),
    ]
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))
    db.session.query(BackupCode).filter(BackupCode.user_id.in_(adult_ids)).delete(synchronize_session=False)

    household.name = ERASED_HOUSEHOLD_NAME
    for adult in adults:
        _erase_person(adult)
    audit.record(
        actor_id=actor_id,
        action="household.erased",
        record_type="household",
        record_id=household_id,
        summary=f"Personal data of household {household_id} erased",
    )
    db.session.flush()


def _erase_person(user: User) -> None:
    user.email = f"erased-{user.id}@invalid"
    user.full_name = ERASED_PERSON_NAME
    user.phone = None
    user.password_hash = None
    user.totp_secret_encrypted = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.is_active = False
    user.session_version += 1
