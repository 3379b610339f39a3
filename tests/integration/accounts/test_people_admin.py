from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role
from tests.support.factories import PASSWORD, UserFactory
from tests.support.pages import get_page, parse
from tests.support.signing_in import sign_in


def test_an_admin_sees_everyone_with_their_account_state(client, sign_in_as):
    sign_in_as(Role.ADMIN, full_name="Ada Admin")
    UserFactory(full_name="Bea Deactivated", is_active=False)
    UserFactory(full_name="Cy Invited", password_hash=None)
    page = get_page(client, "/staff/users")
    rows = {
        row.select("td")[0].text.strip(): row.select("td")[3].text.strip() for row in page.select("tbody tr")
    }
    assert rows == {
        "Ada Admin": "Active",
        "Bea Deactivated": "Deactivated",
        "Cy Invited": "Invitation expired",
    }


def test_the_people_list_pages_on_the_server_and_filters_by_role(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    UserFactory.create_batch(30, role=Role.CONNECTOR)
    first = get_page(client, "/staff/users?role=connector")
    assert len(first.select("tbody tr")) == 25
    assert "30 people" in first.select_one("caption").text
    second = get_page(client, "/staff/users?role=connector&page=2")
    assert len(second.select("tbody tr")) == 5


def test_an_admin_changes_a_role_and_it_is_audited(client, other_client, sign_in_as):
    admin = sign_in_as(Role.ADMIN)
    person = UserFactory(role=Role.ADVISOR)
    sign_in(other_client, person)
    response = client.post(f"/staff/users/{person.id}", data={"role": "manager"})
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.role == Role.MANAGER
    # Their session carried the old role: it ends.
    assert other_client.get("/staff/queue").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert (event.actor_id, event.record_id, event.summary) == (
        admin.id,
        person.id,
        "Role changed from Advisor to Manager",
    )


def test_deactivating_someone_ends_their_session_and_stops_sign_in(client, other_client, sign_in_as):
    sign_in_as(Role.ADMIN)
    person = UserFactory(role=Role.CONNECTOR)
    sign_in(other_client, person)
    client.post(f"/staff/users/{person.id}/deactivate")
    assert other_client.get("/connector").status_code == 302
    assert (
        other_client.post("/sign-in", data={"email": person.email, "password": PASSWORD}).status_code == 400
    )
    client.post(f"/staff/users/{person.id}/reactivate")
    assert sign_in(other_client, person).status_code == 302


def test_an_admin_cannot_lock_themselves_out(client, sign_in_as):
    admin = sign_in_as(Role.ADMIN)
    client.post(f"/staff/users/{admin.id}/deactivate")
    db.session.refresh(admin)
    assert admin.is_active
    response = client.post(f"/staff/users/{admin.id}", data={"role": "advisor"})
    assert response.status_code == 400
    assert "You cannot change your own role" in parse(response).text


def test_a_missing_person_is_not_found(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    assert client.get("/staff/users/999999").status_code == 404
