"""Every email says how to answer and who to call; a reply goes to the team
inbox when the agency has one, and no email asks for a reply otherwise."""

from pathlib import Path

from portal.config import PROJECT_ROOT
from portal.extensions import db
from portal.models import Role
from portal.services import journey
from portal.services.email.transports import build_mime
from tests.support.emails import emails_to
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


def family_with_worker():
    worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Worker")
    household = HouseholdFactory(social_worker_id=worker.id)
    parent = UserFactory(role=Role.FAMILY, household=household, email="parent@example.com")
    db.session.commit()
    return worker, household, parent


def test_an_admin_records_a_social_workers_work_phone_and_email(client):
    worker, *_ = family_with_worker()
    sign_in(client, UserFactory(role=Role.ADMIN))
    page = get_page(client, f"/staff/users/{worker.id}")
    assert page.select_one(f"a[href='/staff/users/{worker.id}/work-contact']")
    response = client.post(
        f"/staff/users/{worker.id}/work-contact",
        data={"work_phone": "call me", "work_email": "not-an-address"},
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Enter a phone number, like 01632 960 001",
        "Enter an email address in the correct format, like name@example.com",
    ]
    response = client.post(
        f"/staff/users/{worker.id}/work-contact",
        data={"work_phone": "01632 960 500", "work_email": "Sam.Worker@Agency.example"},
    )
    assert response.headers["Location"] == f"/staff/users/{worker.id}"
    db.session.refresh(worker)
    assert (worker.work_phone, worker.work_email) == ("01632 960 500", "sam.worker@agency.example")


def test_a_family_has_no_work_contact_page(client):
    *_, parent = family_with_worker()
    sign_in(client, UserFactory(role=Role.ADMIN))
    assert client.get(f"/staff/users/{parent.id}/work-contact").status_code == 404


def test_a_familys_email_says_how_to_answer_and_gives_the_social_workers_work_details(app, agency):
    # A site not yet set up: no team inbox, so nobody is asked to reply to the email.
    agency.team_inbox = ""
    worker, household, parent = family_with_worker()
    worker.work_phone, worker.work_email = "01632 960 500", "sam.worker@agency.example"
    journey.post_update(household_id=household.id, author_id=worker.id, body="Your checks are back")
    db.session.commit()
    [email] = emails_to(parent.email)
    closing = email.body.split("How to answer", 1)[1]
    assert "Send us a message from your account: http://portal.test/account/messages" in closing
    assert "Your social worker, Sam Worker: 01632 960 500, sam.worker@agency.example" in closing
    assert f"Phone the adoption team: {agency.contact_phone}" in closing
    assert f"Email the adoption team: {agency.contact_email}" in closing
    assert "Replies to this email are not read." in closing
    assert email.reply_to is None
    assert "Reply-To" not in build_mime(email, "Portal <no-reply@portal.test>", "http://portal.test")


def test_with_a_team_inbox_every_email_carries_it_as_reply_to(app, agency):
    agency.team_inbox = "adoption.team@agency.example"
    worker, household, parent = family_with_worker()
    journey.post_update(household_id=household.id, author_id=worker.id, body="Your checks are back")
    db.session.commit()
    [email] = emails_to(parent.email)
    assert "You can also reply to this email: replies reach the team's inbox." in email.body
    assert (
        build_mime(email, "Portal <no-reply@portal.test>", "http://portal.test")["Reply-To"]
        == "adoption.team@agency.example"
    )


def test_no_email_template_asks_for_a_reply_to_a_no_reply_address():
    templates = Path(PROJECT_ROOT, "templates", "emails").glob("*.txt")
    asking = [
        t.name
        for t in templates
        if "reply to this email" in t.read_text().lower() and t.name != "_how_to_answer.txt"
    ]
    assert asking == []
