"""Demo survey data for ``flask seed-demo``: the agency's printed pre-order
figures for the year before last, a year of anonymous answers on the portal
to compare them with, and survey invitations for two demo families (one
sent, one waiting for its day). Idempotent."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import SurveyAnswer, SurveyInvitation, SurveyKind, SurveyResponse, User
from portal.services import clock, reporting, surveys

# The agency's 2024/25 printed figures (n=67), entered as the previous year's.
PRINTED = (67, [48, 61, 77, 83, 83, 79, 71, 69, 87])
PRE_ORDER_ANSWERS = [
    # (statements 1-8 on the agreement scale, question 9, what worked well)
    ([4, 3, 5, 5, 4, 4, 5, 5], 9, "Our social worker kept us informed at every step."),
    ([2, 2, 4, 4, 5, 4, 3, 4], 7, None),
    ([4, 4, 5, 4, 4, 5, 4, 4], 10, "The preparation course was excellent."),
    ([3, 2, 4, 5, 3, 4, 4, 2], 6, None),
    ([5, 4, 4, 4, 4, 4, 5, 5], 8, "Introductions were planned around our children."),
    ([1, 2, 3, 4, 4, 3, 2, 3], 4, None),
    ([4, 5, 5, 5, 5, 5, 4, 4], 9, "Support after placement has been brilliant."),
    ([2, 3, 4, 4, 4, 4, 4, 4], 8, None),
]
POST_ORDER_ANSWERS = [(5, 1, 5), (5, 1, 0), (4, 1, 4), (5, 1, 5), (5, 0, 0), (4, 1, 5)]


def seed_surveys(*, adult_emails: list[str], entered_by_email: str) -> None:
    if db.session.scalar(select(SurveyResponse.id).limit(1)) is None:
        _seed_results(entered_by_email)
    if db.session.scalar(select(SurveyInvitation.id).limit(1)) is None:
        _seed_invitations(adult_emails)


def _seed_results(entered_by_email: str) -> None:
    previous, latest = reporting.default_periods()
    manager = db.session.scalar(select(User).where(User.email == entered_by_email))
    respondents, shares = PRINTED
    reporting.record_published_figures(
        period_label=previous.label,
        respondents=respondents,
        percentages={q.key: share for q, share in zip(surveys.PRE_ORDER_STATEMENTS, shares, strict=True)},
        actor_id=manager.id,
    )
    year = latest.financial_year
    months = [(year.start.replace(day=1) + timedelta(days=31 * n)).strftime("%Y-%m") for n in range(12)]
    pre_order = surveys.current_question_set_id(SurveyKind.PRE_ORDER)
    statements = [q.key for q in surveys.PRE_ORDER_STATEMENTS]
    for number, (agreement, recommend, comment) in enumerate(PRE_ORDER_ANSWERS * 2):
        answers: dict[str, int | str] = dict(zip(statements, [*agreement, recommend], strict=True))
        if comment and number < len(PRE_ORDER_ANSWERS):
            answers["pre.worked_well"] = comment
        _add(pre_order, months[number % 12], answers)
    post_order = surveys.current_question_set_id(SurveyKind.POST_ORDER)
    for number, (call, next_steps, services) in enumerate(POST_ORDER_ANSWERS):
        _add(
            post_order,
            months[(number * 2) % 12],
            {
                "post.q1_call_rating": call,
                "post.q2_clear_next_steps": next_steps,
                "post.q3_services_rating": services,
            },
        )


def _add(question_set_id: int, month: str, answers: dict[str, int | str]) -> None:
    response_id = str(uuid.uuid4())
    db.session.add(
        SurveyResponse(id=response_id, question_set_id=question_set_id, reporting_month=month, sealed=True)
    )
    db.session.flush()
    for key, answer in answers.items():
        text = answer if isinstance(answer, str) else None
        db.session.add(
            SurveyAnswer(response_id=response_id, question_key=key, value=None if text else answer, text=text)
        )


def _seed_invitations(adult_emails: list[str]) -> None:
    """The first family's invitation is sent now (its email waits in the
    outbox); the second's is scheduled for 14 days from now."""
    sent, waiting = (db.session.scalar(select(User).where(User.email == email)) for email in adult_emails)
    config = current_app.config
    delay_days = config["SURVEY_PRE_ORDER_DELAY_DAYS"]
    invitation = surveys.schedule_pre_order_invitation(household_id=sent.household_id, delay_days=delay_days)
    invitation.send_after = clock.now()
    surveys.send_due_invitations(
        link_days=config["SURVEY_LINK_DAYS"], reminder_days=config["SURVEY_REMINDER_DAYS"]
    )
    surveys.schedule_pre_order_invitation(household_id=waiting.household_id, delay_days=delay_days)
