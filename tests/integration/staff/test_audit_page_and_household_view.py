from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from portal.services import audit
from tests.support.downloads import csv_rows
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import get_page


def test_a_manager_filters_the_audit_log_by_person_and_action_and_downloads_it(client, sign_in_as):
    manager = sign_in_as(Role.MANAGER)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    audit.record(
        actor_id=worker.id,
        action="journey.stage_recorded",
        record_type="household",
        record_id=7,
        summary="Stage recorded: Stage 1 from 2026-11-02",
    )
    audit.record(
        actor_id=worker.id,
        action="triage.assigned",
        record_type="triage_item",
        record_id=3,
        summary="SUP-2026-00003 assigned to user 1",
    )
    db.session.commit()
    page = get_page(client, f"/staff/audit?actor={worker.id}&action=journey.")
    assert [row.select("td")[2].contents[0].strip() for row in page.select("tbody tr")] == [
        "Stage recorded: Stage 1 from 2026-11-02"
    ]
    response = client.get(f"/staff/audit/audit.csv?actor={worker.id}")
    rows = csv_rows(response)
    assert rows[0][:4] == ["When (London)", "Who (user id)", "Who", "Action"]
    assert {row[3] for row in rows[1:]} == {"journey.stage_recorded", "triage.assigned"}
    assert manager.id not in {int(row[1]) for row in rows[1:] if row[1]}


def test_bad_filters_are_a_bad_request(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    assert client.get("/staff/audit?actor=abc").status_code == 400
    assert client.get("/staff/audit?since=31-02-2026").status_code == 400


def test_viewing_a_household_page_is_itself_audited(client, sign_in_as):
    worker = sign_in_as(Role.SOCIAL_WORKER)
    household = HouseholdFactory()
    family = UserFactory(role=Role.FAMILY, household=household, phone="07700 900123")
    page = get_page(client, f"/staff/households/{household.id}")
    assert family.email in page.text and "07700 900123" in page.text
    viewed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    assert [(e.actor_id, e.record_type, e.record_id) for e in viewed] == [
        (worker.id, "household", household.id)
    ]
