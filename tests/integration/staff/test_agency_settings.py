from sqlalchemy import select

from portal.extensions import db
from portal.models import AgencySettings, AuditEvent, Role
from tests.support.pages import error_summary, get_page, parse

VALID = {
    "name": "Northamptonshire Adoption Agency",
    "contact_email": "adopt@northants.example.com",
    "contact_phone": "0300 126 1000",
    "team_inbox": "team@northants.example.com",
    "stage_one_target_days": "60",
    "stage_two_target_days": "121",
    "support_call_working_days": "5",
    "status_update_weeks": "3",
    "message_reply_working_days": "2",
    "stage_break_months": "4",
    "pack_video_url": "https://northants.example.com/videos",
    "pack_presentation_url": "https://northants.example.com/presentation",
    "pack_guide_url": "https://northants.example.com/guide.pdf",
}


def test_an_admin_changes_the_agency_name_and_pack_links(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    assert client.post("/staff/settings", data=VALID).status_code == 302
    settings = db.session.scalar(select(AgencySettings))
    assert (settings.name, settings.status_update_weeks) == ("Northamptonshire Adoption Agency", 3)
    assert get_page(client, "/").title.text.endswith("– Northamptonshire Adoption Agency")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agency.settings_changed"))
    assert event.summary.startswith("Changed: contact_email, contact_phone, name")


def test_bad_settings_are_explained_and_nothing_changes(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    response = client.post(
        "/staff/settings", data={**VALID, "stage_one_target_days": "0", "pack_guide_url": "not a link"}
    )
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Stage 1 target (days) must be between 1 and 365",
        "Enter a full web address, starting https://",
    ]
    assert db.session.scalar(select(AgencySettings.name)) == "Adoption Partnership South East"


def test_an_admin_sets_how_many_working_days_messages_are_answered_in(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    assert (
        client.post("/staff/settings", data={**VALID, "message_reply_working_days": "3"}).status_code == 302
    )
    assert db.session.scalar(select(AgencySettings.message_reply_working_days)) == 3
    response = client.post("/staff/settings", data={**VALID, "message_reply_working_days": "0"})
    assert response.status_code == 400
    assert error_summary(parse(response)) == [
        "Message answer promise (working days) must be between 1 and 30"
    ]
