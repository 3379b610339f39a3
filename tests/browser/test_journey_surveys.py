"""A family answers the anonymous surveys from the links they are emailed,
without signing in: each link works once.

The invitations are made and sent by the app's own services in the live
server's app context (the scheduled job would do it in production), and the
link is read from the email waiting in the outbox, before the sender would
redact it. The family is the demo's Ray Hughes (family.medway@...), whose
pre-order invitation the demo schedules for 14 days after seeding; no other
browser test uses that family.
Every page visited is checked with axe-core, the closed link's page too.
"""

from __future__ import annotations

import re
from datetime import timedelta

from .journeys import app_session, path_of, submit

FAMILY = "family.medway@demo.adoption-portal.example"


# --- Helpers --------------------------------------------------------------------


def email_invitation(live_server, kind: str) -> str:
    """Make the family's invitation of this kind due now, let the app send
    it, and return the link in the email it queued."""
    from sqlalchemy import func, select

    from portal.models import OutboxMessage, SurveyInvitation, SurveyKind, User
    from portal.services import clock, surveys

    with app_session(live_server, write=True) as session:
        household_id = session.scalar(select(User.household_id).where(User.email == FAMILY))
        if kind == SurveyKind.PRE_ORDER:
            # The demo scheduled it already: one pre-order invitation per household.
            invitation = surveys.schedule_pre_order_invitation(
                household_id=household_id, delay_days=14
            ) or session.scalar(
                select(SurveyInvitation).where(
                    SurveyInvitation.household_id == household_id,
                    SurveyInvitation.kind == SurveyKind.PRE_ORDER,
                )
            )
        else:
            invitation = surveys.schedule_post_order_invitation(household_id=household_id, delay_days=7)
        assert invitation is not None and invitation.sent_at is None
        # The delay before sending has passed.
        invitation.send_after = clock.now() - timedelta(minutes=1)
        last_email = session.scalar(select(func.max(OutboxMessage.id))) or 0
        result = surveys.send_due_invitations(link_days=60, reminder_days=14)
        assert result.sent >= 1
        emails = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.id > last_email,
                OutboxMessage.to_address == FAMILY,
                OutboxMessage.template == "survey_invitation",
            )
        ).all()
        assert len(emails) == 1, [e.subject for e in emails]
        body = emails[0].body
    assert body != "[redacted after sending]"
    links = re.findall(r"https?://\S+/surveys/\S+", body)
    assert len(links) == 1, body
    return links[0]


def answers_waiting(live_server, kind: str) -> list[dict[str, int | str]]:
    """The answers not yet sealed into the results, one dict per response."""
    from sqlalchemy import select

    from portal.models import QuestionSet, SurveyAnswer, SurveyResponse

    with app_session(live_server) as session:
        responses = session.scalars(
            select(SurveyResponse.id)
            .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
            .where(SurveyResponse.sealed.is_(False), QuestionSet.kind == kind)
        ).all()
        return [
            {
                a.question_key: a.text if a.text is not None else a.value
                for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id == response))
            }
            for response in responses
        ]


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def the_link_has_closed(page, link: str, accessible) -> None:
    response = page.goto(link)
    assert response is not None and response.status == 410
    assert page.locator("h1").inner_text() == "This survey link has closed"
    assert (
        "If you have already answered, thank you: your answers reached us."
        in page.locator("main").inner_text()
    )
    assert page.locator("form").filter(has=page.get_by_role("button", name="Send my answers")).count() == 0
    accessible(page, "a survey link used already")


# --- The surveys ------------------------------------------------------------------


def test_a_family_answers_the_pre_order_survey_from_an_emailed_link_and_the_link_then_closes(
    page, live_server, accessible
):
    from portal.models import SurveyKind

    link = email_invitation(live_server, SurveyKind.PRE_ORDER)
    waiting_before = answers_waiting(live_server, SurveyKind.PRE_ORDER)

    response = page.goto(link)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Tell us about your adoption journey"
    # Nobody signed in: the header offers to sign in.
    assert page.locator("header").get_by_role("link", name="Sign in", exact=True).count() == 1
    accessible(page, "the pre-order survey")

    choose(page, "The process from application to approval took the right amount of time", "Agree")
    choose(page, "I know what to do should my family need support in the future", "Strongly agree")
    choose(
        page,
        "How likely are you to recommend this service to another adoptive parent, "
        "based on the support you have received?",
        "8",
    )
    page.get_by_label("What worked well?").fill("Our social worker always phoned back the same day.")
    # Everything else is left blank.
    submit(page, "Send my answers", expect_status=200)

    assert path_of(page) == "/surveys/thank-you"
    assert page.locator(".govuk-panel h1").inner_text().strip() == "Thank you for your answers"
    assert "A team manager will contact you" not in page.locator("main").inner_text()
    accessible(page, "/surveys/thank-you")

    new = [a for a in answers_waiting(live_server, SurveyKind.PRE_ORDER) if a not in waiting_before]
    assert new == [
        {
            "pre.q1_application_to_approval": 4,
            "pre.q8_know_where_to_get_support": 5,
            "pre.q9_recommend": 8,
            "pre.worked_well": "Our social worker always phoned back the same day.",
        }
    ]

    the_link_has_closed(page, link, accessible)


def test_a_family_answers_the_post_order_survey_asks_for_a_manager_and_is_told_the_manager_wont_see_answers(
    page, live_server, accessible
):
    from sqlalchemy import select

    from portal.models import ManagerFollowUpRequest, SurveyKind

    link = email_invitation(live_server, SurveyKind.POST_ORDER)

    response = page.goto(link)
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "Tell us about the support you received"
    accessible(page, "the post-order survey")

    choose(page, "Did you have a support and advice call? If so, how would you rate it?", "4")
    choose(page, "Would you like a team manager to contact you about your experience?", "Yes")
    # The other questions and the comments are left blank.
    submit(page, "Send my answers", expect_status=200)

    assert path_of(page) == "/surveys/manager-contact"
    assert page.locator("h1").inner_text() == "How should a team manager contact you?"
    warning = page.locator(".govuk-warning-text").inner_text()
    assert "the manager will know who you are, but not your survey answers" in warning
    accessible(page, "/surveys/manager-contact")

    page.get_by_label("Your name").fill("Ray Hughes")
    page.get_by_label("Phone number (optional)").fill("07700 900 456")
    page.get_by_label("When is a good time to contact you? (optional)").fill("Weekday evenings")
    submit(page, "Ask a manager to contact me", expect_status=200)

    assert path_of(page) == "/surveys/thank-you"
    main = page.locator("main").inner_text()
    assert page.locator(".govuk-panel h1").inner_text().strip() == "Thank you for your answers"
    assert "A team manager will contact you within 5 working days" in main
    assert "They will know who you are, but not your survey answers." in main
    accessible(page, "/surveys/thank-you after asking for a manager")

    # The contact details reached the managers' queue, with nothing from the answers.
    with app_session(live_server) as session:
        follow_up = session.scalar(
            select(ManagerFollowUpRequest).order_by(ManagerFollowUpRequest.id.desc()).limit(1)
        )
        assert (follow_up.name, follow_up.phone, follow_up.email, follow_up.best_time) == (
            "Ray Hughes",
            "07700 900 456",
            None,
            "Weekday evenings",
        )
    assert {"post.q1_call_rating": 4, "post.q4_manager_contact": 1} in answers_waiting(
        live_server, SurveyKind.POST_ORDER
    )

    the_link_has_closed(page, link, accessible)
