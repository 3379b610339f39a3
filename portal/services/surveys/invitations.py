"""Invitations: scheduled after an adoption order or a closed support
request, emailed as a single-use link, reminded once; the surveys a
household has waiting.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    SurveyInvitation,
    SurveyKind,
    User,
)
from portal.services import audit, clock, site
from portal.services.email import queue_email
from portal.services.site import Purpose

POST_ORDER_GAP_MONTHS = 6


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _first_adult(household_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.household_id == household_id, User.is_active).order_by(User.id).limit(1)
    )


def _schedule(kind: SurveyKind, household_id: int, delay_days: int) -> SurveyInvitation | None:
    adult = _first_adult(household_id)
    if adult is None:
        return None
    now = clock.now()
    invitation = SurveyInvitation(
        kind=kind,
        household_id=household_id,
        email=adult.email,
        created_at=now,
        send_after=now + timedelta(days=delay_days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        actor_id=None,
        action="survey.invitation_scheduled",
        record_type="survey_invitation",
        record_id=invitation.id,
        summary=f"{kind.label} invitation scheduled for household {household_id}",
    )
    return invitation


def schedule_pre_order_invitation(*, household_id: int, delay_days: int) -> SurveyInvitation | None:
    """After the adoption order: one invitation per household, to its first
    adult with an active account, however often the order is recorded."""
    already = db.session.scalar(
        select(SurveyInvitation.id).where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.kind == SurveyKind.PRE_ORDER,
            SurveyInvitation.cancelled.is_(False),
        )
    )
    if already is not None:
        return None
    return _schedule(SurveyKind.PRE_ORDER, household_id, delay_days)


def schedule_post_order_invitation(*, household_id: int, delay_days: int) -> SurveyInvitation | None:
    """After a support request is closed with an outcome: at most one
    post-order invitation per household in six months."""
    since = _months_before(clock.today(), POST_ORDER_GAP_MONTHS)
    start, _ = clock.london_day_bounds(since, since)
    recent = db.session.scalar(
        select(SurveyInvitation.id).where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.kind == SurveyKind.POST_ORDER,
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.created_at > start,
        )
    )
    if recent is not None:
        return None
    return _schedule(SurveyKind.POST_ORDER, household_id, delay_days)


def token_for(invitation_id: int) -> str:
    """The link's token, derived with the app's secret so the reminder can
    send the same link again while only its hash is stored."""
    return site.derive(Purpose.SURVEY_INVITATION, invitation_id).hex()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_path(invitation_id: int) -> str:
    return f"/surveys/{token_for(invitation_id)}"


@dataclass
class SendResult:
    sent: int = 0
    reminded: int = 0
    cancelled: int = 0


def _email(invitation: SurveyInvitation, template: str) -> None:
    # Set again for a reminder, in case the secret key has changed since.
    invitation.token_hash = token_hash(token_for(invitation.id))
    queue_email(
        template=template,
        to=invitation.email,
        context={
            "pre_order": invitation.kind == SurveyKind.PRE_ORDER,
            "link": site.link(survey_path(invitation.id)),
            "expires_on": invitation.expires_at,
        },
    )


def send_due_invitations(*, link_days: int, reminder_days: int) -> SendResult:
    """Email the invitations now due, and the one reminder to those who have
    not answered. Safe to run again, or on two hosts at once: rows being
    handled elsewhere are skipped, and what is done is not done again."""
    result = SendResult()
    now = clock.now()
    due = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.sent_at.is_(None),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.send_after <= now,
        )
        .order_by(SurveyInvitation.id)
        .with_for_update(skip_locked=True)
    ).all()
    active = set(
        db.session.scalars(select(User.email).where(User.email.in_({i.email for i in due}), User.is_active))
    )
    for invitation in due:
        if invitation.email not in active:
            # The person's account was closed before the invitation went out.
            invitation.cancelled = True
            result.cancelled += 1
            continue
        invitation.sent_at = now
        invitation.expires_at = now + timedelta(days=link_days)
        invitation.reminder_after = now + timedelta(days=reminder_days)
        _email(invitation, "survey_invitation")
        result.sent += 1
    reminders = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.sent_at.is_not(None),
            SurveyInvitation.used.is_(False),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.reminded_at.is_(None),
            SurveyInvitation.reminder_after <= now,
            SurveyInvitation.expires_at > now,
        )
        .order_by(SurveyInvitation.id)
        .with_for_update(skip_locked=True)
    ).all()
    for invitation in reminders:
        invitation.reminded_at = now
        _email(invitation, "survey_reminder")
        result.reminded += 1
    if result.sent or result.reminded or result.cancelled:
        audit.record(
            actor_id=None,
            action="survey.invitations_sent",
            record_type="survey_invitation",
            record_id=None,
            summary=f"Survey invitations: {result.sent} sent, {result.reminded} reminded, "
            f"{result.cancelled} cancelled",
        )
    return result


@dataclass(frozen=True)
class WaitingSurvey:
    kind: SurveyKind
    expires_at: datetime
    path: str


def waiting_for_household(household_id: int) -> list[WaitingSurvey]:
    """Surveys sent to this household that are unanswered and still open."""
    rows = db.session.scalars(
        select(SurveyInvitation)
        .where(
            SurveyInvitation.household_id == household_id,
            SurveyInvitation.sent_at.is_not(None),
            SurveyInvitation.used.is_(False),
            SurveyInvitation.cancelled.is_(False),
            SurveyInvitation.expires_at > clock.now(),
        )
        .order_by(SurveyInvitation.id)
    )
    return [
        WaitingSurvey(kind=i.kind, expires_at=i.expires_at, path=survey_path(i.id))
        for i in rows
        if i.expires_at is not None
    ]
