"""Helpers for survey tests: invitations sent the way the scheduled job sends them."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.database import writing
from portal.extensions import db
from portal.models import OutboxMessage, Role, SurveyKind
from portal.services import clock, surveys
from tests.support.emails import link_in
from tests.support.factories import UserFactory


def run_job() -> surveys.SendResult:
    with writing():
        result = surveys.send_due_invitations(link_days=60, reminder_days=14)
        db.session.commit()
    return result


def seal() -> int:
    with writing():
        sealed = surveys.seal_responses()
        db.session.commit()
    return sealed


def sent_link(kind: SurveyKind = SurveyKind.PRE_ORDER, adult=None) -> str:
    """Schedule an invitation for a new family, let the job send it, and
    return the path of the link in the email."""
    adult = adult or UserFactory(role=Role.FAMILY)
    schedule = (
        surveys.schedule_pre_order_invitation
        if kind == SurveyKind.PRE_ORDER
        else surveys.schedule_post_order_invitation
    )
    invitation = schedule(household_id=adult.household_id, delay_days=14)
    invitation.send_after = clock.now() - timedelta(seconds=1)
    db.session.commit()
    run_job()
    message = db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == adult.email, OutboxMessage.template == "survey_invitation")
        .order_by(OutboxMessage.id.desc())
    )
    return link_in(message)


PRE_ORDER_ANSWERS = {
    "q1_application_to_approval": "4",
    "q2_approval_to_placement": "2",
    "q3_information_and_training": "5",
    "q9_recommend": "8",
    "worked_well": "Our social worker was always there.",
}
POST_ORDER_ANSWERS = {
    "q1_call_rating": "5",
    "q2_clear_next_steps": "1",
    "q3_services_rating": "0",
    "q4_manager_contact": "0",
    "comments": "Quick and kind.",
}


def travel(days: int):
    return time_machine.travel(clock.now() + timedelta(days=days), tick=False)
