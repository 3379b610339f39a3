"""Retention: personal details are kept only as long as the work needs them.

Each rule blanks or deletes the personal part of old records and keeps what
the annual report counts (dates, councils, statuses), so the figures are the
same before and after. Run daily by ``flask apply-retention``; running it
twice changes nothing the second time.

Closed triage notes are left alone on purpose: they are part of the case
record, whose retention follows the agency's case-record schedule (adoption
case records are kept for 100 years from the adoption order), not a portal
rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, exists, select, update

from portal.database import job_lock
from portal.extensions import db
from portal.models import InformationPackRequest, OutboxMessage, OutboxStatus, SignInFailure, User
from portal.services import audit, clock, triage_people

# What an email's address becomes once it is no longer kept.
ERASED_ADDRESS = "erased@invalid"


@dataclass(frozen=True)
class RetentionResult:
    pack_requests: int
    emails: int
    sign_in_failures: int


def blank_pack_requests(condition) -> int:
    """Blank the name, email, postcode, phone and time to call of the pack
    requests matching ``condition``, and who their follow-ups were about; the
    council, dates and the email's delivery (for "packs sent") stay."""
    triage_people.forget(
        select(InformationPackRequest.triage_item_id).where(condition, InformationPackRequest.email != "")
    )
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(InformationPackRequest)
            .where(condition, InformationPackRequest.email != "")
            .values(full_name="", email="", postcode="", phone=None, best_times=None)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount


def blank_emails(condition) -> int:
    """Blank the body and address of the emails matching ``condition``; the row,
    its template, status and dates stay for the counts."""
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(OutboxMessage)
            .where(condition, OutboxMessage.to_address != ERASED_ADDRESS)
            .values(body="", to_address=ERASED_ADDRESS, ics=None, cancel_ics=None, last_error=None)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount


def apply(*, days: dict[str, int]) -> RetentionResult:
    """Apply every rule, with the ages in ``days`` (see Config.RETENTION_DAYS)."""
    job_lock(db.session, "apply-retention")
    now = clock.now()
    became_a_household = exists(select(User.id).where(User.email == InformationPackRequest.email))
    pack_requests = blank_pack_requests(
        (InformationPackRequest.created_at < now - timedelta(days=days["information_pack_requests"]))
        & ~became_a_household
    )
    emails = blank_emails(
        OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED])
        & (OutboxMessage.created_at < now - timedelta(days=days["outbox_messages"]))
    )
    failures = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(SignInFailure)
            .where(SignInFailure.at < now - timedelta(days=days["sign_in_failures"]))
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    audit.record(
        actor_id=None,
        action="retention.applied",
        record_type="retention",
        record_id=None,
        summary=(
            f"Retention applied: {pack_requests} information pack requests, "
            f"{emails} emails, {failures} sign-in failures"
        ),
    )
    return RetentionResult(pack_requests=pack_requests, emails=emails, sign_in_failures=failures)
