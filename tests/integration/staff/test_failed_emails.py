"""Admins see the emails the sender gave up on, without their content, and
can put them back to send; each retry is in the audit log."""

from sqlalchemy import select

from portal.database import writing
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage, OutboxStatus
from portal.services.email import MAX_ATTEMPTS, REDACTED_BODY, deliver_pending, queue_email
from tests.support.pages import get_page

SECRET_BODY = "Your secret reset link http://portal.test/reset/abc"


def given_up(template: str = "password_reset", body: str = SECRET_BODY) -> OutboxMessage:
    message = queue_email(
        template="password_reset",
        to="sam@example.com",
        context={"first_name": "Sam", "link": "http://portal.test/x", "hours": 2},
    )
    message.template = template
    message.body = body
    message.status = OutboxStatus.FAILED
    message.attempts = MAX_ATTEMPTS
    message.last_error = "SMTPServerDisconnected"
    db.session.commit()
    return message


def test_an_admin_sees_failed_emails_with_their_error_but_not_their_content(client, sign_in_as):
    message = given_up()
    sign_in_as("admin")
    page = get_page(client, "/staff/emails/failed")
    [row] = page.select("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[:2] == [str(message.id), "Password reset"]
    assert cells[3:5] == [str(MAX_ATTEMPTS), "SMTPServerDisconnected"]
    text = page.get_text()
    assert "secret reset link" not in text and "sam@example.com" not in text


def test_trying_again_puts_the_email_back_to_send_now_and_is_audited(client, sign_in_as):
    message = given_up()
    admin = sign_in_as("admin")
    response = client.post(f"/staff/emails/failed/{message.id}/retry")
    assert response.headers["Location"] == "/staff/emails/failed"
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "email.retried"))
    assert (event.actor_id, event.record_id) == (admin.id, message.id)
    assert "Password reset" not in get_page(client, "/staff/emails/failed").get_text()

    class Accepting:
        def send(self, message):
            pass

    with writing():
        assert deliver_pending(transport=Accepting()).sent == 1


def test_an_anonymous_survey_email_whose_content_was_removed_cannot_be_sent_again(client, sign_in_as):
    message = given_up(template="survey_invitation", body=REDACTED_BODY)
    sign_in_as("admin")
    client.post(f"/staff/emails/failed/{message.id}/retry")
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    page = get_page(client, "/staff/emails/failed")
    assert "cannot be sent again" in page.select_one(".govuk-notification-banner").get_text()


def test_only_admins_may_see_or_retry_failed_emails(client, sign_in_as):
    message = given_up()
    sign_in_as("manager")
    assert client.get("/staff/emails/failed").status_code == 403
    assert client.post(f"/staff/emails/failed/{message.id}/retry").status_code == 403
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
