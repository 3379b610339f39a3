"""Survey invitations and answering them from the emailed link."""

from datetime import date, timedelta

import time_machine
from sqlalchemy import func, select

from portal.database import writing
from portal.extensions import db
from portal.models import (
    ManagerFollowUpRequest,
    OutboxMessage,
    OutboxStatus,
    QuestionSet,
    Role,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyResponse,
    TriageItem,
)
from portal.services import clock, surveys
from portal.services.email import REDACTED_BODY, deliver_pending, queue_email
from tests.integration.staff.test_journey import record_stage
from tests.integration.surveys.survey_helpers import (
    POST_ORDER_ANSWERS,
    PRE_ORDER_ANSWERS,
    run_job,
    sent_link,
    travel,
)
from tests.support.emails import emails_to, link_in
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, get_page, parse


class Transport:
    def __init__(self):
        self.bodies = []

    def send(self, message):
        self.bodies.append(message.body)


def deliver() -> Transport:
    transport = Transport()
    with writing():
        deliver_pending(transport=transport)
    return transport


def test_recording_the_adoption_order_invites_the_family_14_days_later(client, sign_in_as):
    family = UserFactory(role=Role.FAMILY, email="fran@example.com")
    sign_in_as(Role.SOCIAL_WORKER)
    today = clock.today()
    assert record_stage(client, family.household_id, "adoption_order", today).status_code == 302
    # Recorded again (a correction): still one invitation.
    record_stage(client, family.household_id, "adoption_order", today)
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 1

    [news] = emails_to("fran@example.com")  # the stage change, once
    assert news.template == "stage_changed"
    with travel(13):
        assert run_job().sent == 0
    assert emails_to("fran@example.com") == [news]
    with travel(14):
        assert run_job().sent == 1
        assert run_job().sent == 0  # the job is safe to run again
    [_, email] = emails_to("fran@example.com")
    assert email.subject == "A short anonymous survey from the adoption team"
    assert "Congratulations on your adoption order" in email.body
    assert link_in(email).startswith("/surveys/")


def test_a_family_answers_without_signing_in_and_the_link_then_closes_kindly(client):
    link = sent_link()
    page = get_page(client, link)
    assert page.h1.text.strip() == "Tell us about your adoption journey"
    assert "You can skip any question" in page.text
    legends = [legend.get_text(" ", strip=True) for legend in page.select("legend")]
    assert legends[0] == "The process from application to approval took the right amount of time"
    assert len(legends) == 9

    response = client.post(link, data=PRE_ORDER_ANSWERS)
    assert response.headers["Location"] == "/surveys/thank-you"
    assert get_page(client, "/surveys/thank-you").select_one(".govuk-panel__title").text.strip() == (
        "Thank you for your answers"
    )
    response = db.session.scalar(select(SurveyResponse))
    answers = {
        a.question_key: a.value if a.text is None else a.text
        for a in db.session.scalars(select(SurveyAnswer))
    }
    assert answers == {
        "pre.q1_application_to_approval": 4,
        "pre.q2_approval_to_placement": 2,
        "pre.q3_information_and_training": 5,
        "pre.q9_recommend": 8,
        "pre.worked_well": "Our social worker was always there.",
    }
    assert response.reporting_month == clock.today().strftime("%Y-%m")
    assert db.session.scalar(select(SurveyInvitation.used)) is True

    again = client.get(link)
    assert again.status_code == 410
    assert parse(again).h1.text.strip() == "This survey link has closed"
    assert client.post(link, data=PRE_ORDER_ANSWERS).status_code == 410
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1


def test_an_unknown_link_gets_the_same_kind_page(client):
    for link in ("/surveys/not-a-real-token", "/surveys/" + "a" * 64, "/surveys/" + "a" * 300):
        response = client.get(link)
        assert response.status_code == 410
        assert parse(response).h1.text.strip() == "This survey link has closed"


def test_an_empty_survey_is_not_sent_and_nothing_is_used_up(client):
    link = sent_link()
    response = client.post(link, data={"worked_well": "   "})
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Answer at least one question, or close this page if you would rather not"
    ]
    assert db.session.scalar(select(SurveyInvitation.used)) is False
    assert client.get(link).status_code == 200


def test_answers_that_are_not_offered_are_refused(client):
    link = sent_link()
    response = client.post(link, data={"q1_application_to_approval": "7", "q9_recommend": "11"})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Choose one of the answers given"] * 2
    too_long = client.post(link, data={"worked_well": "x" * 2001})
    assert error_summary(parse(too_long)) == ["Your answer must be 2000 characters or fewer"]
    assert db.session.scalar(select(SurveyResponse.id)) is None


def test_one_reminder_after_14_days_to_those_who_have_not_answered(client):
    answered = UserFactory(role=Role.FAMILY, email="answered@example.com")
    waiting = UserFactory(role=Role.FAMILY, email="waiting@example.com")
    answered_link = sent_link(adult=answered)
    waiting_link = sent_link(adult=waiting)
    client.post(answered_link, data=PRE_ORDER_ANSWERS)
    with travel(13):
        assert run_job().reminded == 0
    with travel(14):
        assert run_job().reminded == 1
        assert run_job().reminded == 0
    with travel(40):
        assert run_job().reminded == 0
    [_, reminder] = emails_to("waiting@example.com")
    assert reminder.subject == "Reminder: a short anonymous survey from the adoption team"
    assert link_in(reminder) == waiting_link  # the same link still works
    assert len(emails_to("answered@example.com")) == 1


def test_a_link_expires_after_60_days(client):
    link = sent_link()
    with travel(59):
        assert client.get(link).status_code == 200
    with travel(60):
        response = client.get(link)
        assert response.status_code == 410
        assert client.post(link, data=PRE_ORDER_ANSWERS).status_code == 410
    assert db.session.scalar(select(SurveyResponse.id)) is None


def test_the_emailed_link_is_not_kept_in_the_outbox_once_sent(app):
    sent_link()
    transport = deliver()
    assert "/surveys/" in transport.bodies[0]
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "survey_invitation"))
    assert message.status == OutboxStatus.SENT
    assert message.body == REDACTED_BODY


def test_other_emails_keep_their_body_after_sending(app):
    queue_email(
        template="password_reset",
        to="a@example.com",
        context={"first_name": "Sam", "link": "http://portal.test/x", "hours": 2},
    )
    db.session.commit()
    deliver()
    assert "http://portal.test/x" in db.session.scalar(select(OutboxMessage.body))


def test_post_order_invitations_go_at_most_once_in_six_months(app):
    family = UserFactory(role=Role.FAMILY)
    with time_machine.travel("2026-01-10 10:00 +0000", tick=False):
        first = surveys.schedule_post_order_invitation(household_id=family.household_id, delay_days=7)
        assert first.send_after.date() == date(2026, 1, 17)  # 7 days later
        db.session.commit()
    with time_machine.travel("2026-07-09 10:00 +0000", tick=False):
        assert surveys.schedule_post_order_invitation(household_id=family.household_id, delay_days=7) is None
    with time_machine.travel("2026-07-11 10:00 +0000", tick=False):
        assert (
            surveys.schedule_post_order_invitation(household_id=family.household_id, delay_days=7) is not None
        )


def test_a_household_with_no_active_adult_gets_no_invitation_and_a_closed_account_is_not_emailed(app):
    family = UserFactory(role=Role.FAMILY, is_active=False)
    assert surveys.schedule_pre_order_invitation(household_id=family.household_id, delay_days=14) is None
    other = UserFactory(role=Role.FAMILY)
    surveys.schedule_pre_order_invitation(household_id=other.household_id, delay_days=14)
    other.is_active = False
    db.session.commit()
    with travel(15):
        result = run_job()
    assert (result.sent, result.cancelled) == (0, 1)
    assert emails_to(other.email) == []


def test_surveys_waiting_for_a_household(client):
    family = UserFactory(role=Role.FAMILY)
    assert surveys.waiting_for_household(family.household_id) == []
    link = sent_link(adult=family)
    [waiting] = surveys.waiting_for_household(family.household_id)
    assert (waiting.kind, waiting.path) == (SurveyKind.PRE_ORDER, link)
    client.post(link, data=PRE_ORDER_ANSWERS)
    assert surveys.waiting_for_household(family.household_id) == []


def test_a_yes_to_the_manager_question_offers_a_separate_optional_contact_step(client):
    link = sent_link(SurveyKind.POST_ORDER)
    page = get_page(client, link)
    assert page.h1.text.strip() == "Tell us about the support you received"
    response = client.post(link, data={**POST_ORDER_ANSWERS, "q4_manager_contact": "1"})
    assert response.headers["Location"] == "/surveys/manager-contact"
    page = get_page(client, "/surveys/manager-contact")
    assert "the manager will know who you are, but not your survey answers" in page.text

    response = client.post("/surveys/manager-contact", data={"name": "Robin Parent"})
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["Enter a phone number or an email address"]

    response = client.post(
        "/surveys/manager-contact",
        data={"name": "Robin Parent", "phone": "07700 900123", "best_time": "Weekday mornings"},
    )
    assert response.headers["Location"] == "/surveys/thank-you"
    assert (
        "A team manager will contact you within 5 working days" in get_page(client, "/surveys/thank-you").text
    )

    item = db.session.scalar(select(TriageItem))
    assert (item.kind, item.household_id, item.council_id) == ("manager_follow_up", None, None)
    follow_up = db.session.scalar(select(ManagerFollowUpRequest))
    assert (follow_up.triage_item_id, follow_up.name, follow_up.phone) == (
        item.id,
        "Robin Parent",
        "07700 900123",
    )
    # The step works once: asking again goes to the thank-you page.
    assert client.get("/surveys/manager-contact").headers["Location"] == "/surveys/thank-you"


def test_the_contact_step_can_be_skipped_and_cannot_be_reached_without_a_yes(client, other_client):
    assert other_client.get("/surveys/manager-contact").headers["Location"] == "/surveys/thank-you"
    assert (
        other_client.post("/surveys/manager-contact", data={"name": "Spam", "phone": "1"}).status_code == 302
    )
    link = sent_link(SurveyKind.POST_ORDER)
    client.post(link, data={**POST_ORDER_ANSWERS, "q4_manager_contact": "1"})
    page = get_page(client, "/surveys/manager-contact")
    skip = page.find("a", string=lambda s: s and s.startswith("Skip this step"))
    get_page(client, skip["href"])
    assert client.get("/surveys/manager-contact").headers["Location"] == "/surveys/thank-you"
    assert db.session.scalar(select(TriageItem.id)) is None


def test_managers_see_the_contact_details_of_open_follow_ups(client, sign_in_as, other_client):
    link = sent_link(SurveyKind.POST_ORDER)
    other_client.post(link, data={"q4_manager_contact": "1"})
    other_client.post("/surveys/manager-contact", data={"name": "Robin Parent", "email": "robin@example.com"})
    sign_in_as(Role.MANAGER)
    page = get_page(client, "/staff/reports/surveys/manager-follow-ups")
    assert "Robin Parent" in page.text and "robin@example.com" in page.text


def test_a_change_of_wording_makes_a_new_version_of_the_question_set(client, monkeypatch):
    client.post(sent_link(), data=PRE_ORDER_ANSWERS)
    changed = list(surveys.QUESTIONS[SurveyKind.PRE_ORDER])
    changed[0] = surveys.Question(changed[0].key, "Reworded statement one", changed[0].answer_type)
    monkeypatch.setitem(surveys.QUESTIONS, SurveyKind.PRE_ORDER, tuple(changed))
    client.post(sent_link(), data=PRE_ORDER_ANSWERS)
    sets = db.session.scalars(select(QuestionSet).order_by(QuestionSet.version)).all()
    assert [(s.kind, s.version) for s in sets] == [("pre_order", 1), ("pre_order", 2)]
    assert sets[1].questions[0].key == sets[0].questions[0].key == "pre.q1_application_to_approval"
    assert sets[1].questions[0].wording == "Reworded statement one"


def test_the_job_runs_from_the_command_line(app):
    family = UserFactory(role=Role.FAMILY)
    surveys.schedule_pre_order_invitation(household_id=family.household_id, delay_days=14)
    db.session.commit()
    with travel(15):
        result = app.test_cli_runner().invoke(args=["send-survey-invitations"])
    assert result.exit_code == 0
    assert "invitations sent 1, reminders sent 0" in result.output


def test_the_survey_email_expiry_date_is_shown_in_london_time(app):
    sent_link()
    [message] = db.session.scalars(select(OutboxMessage)).all()
    expires = clock.today() + timedelta(days=60)
    assert f"It closes on {expires.day} {expires.strftime('%B %Y')}" in message.body
