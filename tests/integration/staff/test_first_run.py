"""A new agency's first run, from an empty database: the admin works through
the set-up checklist, and until it is done the public forms say the service
is not open yet."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Council, Role
from portal.services import email
from tests.integration.staff.test_agency_settings import VALID as SETTINGS
from tests.support.emails import emails_to
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in


@pytest.fixture(autouse=True)
def agency(app):
    """Nothing set up: no settings row and no councils."""
    return None


class Delivered:
    def send(self, message) -> None:
        pass


def statuses(page) -> dict[str, str]:
    return {
        item.select_one(".govuk-task-list__name-and-hint").get_text(" ", strip=True): item.select_one(
            ".govuk-task-list__status"
        ).get_text(" ", strip=True)
        for item in page.select(".govuk-task-list__item")
    }


def add_council(client, name: str, region: str = "in"):
    return client.post("/staff/councils", data={"name": name, "region": region})


def council_choices(client) -> list[str]:
    page = get_page(client, "/information-pack")
    return [
        page.select_one(f"label[for='{radio['id']}']").get_text(strip=True)
        for radio in page.select("input[name=council]")
    ]


def test_before_set_up_the_information_pack_page_says_the_service_is_not_open_yet(client):
    response = client.get("/information-pack")
    assert response.status_code == 503
    page = parse(response)
    assert page.h1.get_text(strip=True) == "This service is not open yet"
    assert not page.select("form")
    posted = client.post("/information-pack", data={"full_name": "Ann Other", "email": "ann@example.com"})
    assert posted.status_code == 503


def test_the_first_admin_lands_on_the_checklist_with_everything_to_do(client):
    admin = UserFactory(role=Role.ADMIN)
    assert sign_in(client, admin).headers["Location"] == "/staff/setup"
    page = get_page(client, "/staff/setup")
    assert set(statuses(page).values()) == {"To do"}
    assert not [b for b in page.select("button") if b.get_text(strip=True) == "Open the service"]
    assert client.post("/staff/setup/open").status_code == 302
    refused = get_page(client, "/staff/setup")
    assert "Finish the set-up first" in refused.get_text()


def test_an_admin_sets_the_agency_up_and_opens_the_service(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    response = client.post("/staff/settings", data=SETTINGS)
    assert response.headers["Location"] == "/staff/setup"
    for name in ("Kent", "Medway", "Bexley"):
        assert add_council(client, name).status_code == 302
    assert add_council(client, "Outside the region", "outside").status_code == 302
    assert statuses(get_page(client, "/staff/setup"))["The email sender"] == "To do"

    client.post("/staff/setup/test-email")
    [test_email] = emails_to("team@northants.example.com")
    assert test_email.subject == "Test email from the adoption portal"
    assert statuses(get_page(client, "/staff/setup"))["The email sender"] == "To do"
    email.deliver_pending(transport=Delivered())
    db.session.commit()
    page = get_page(client, "/staff/setup")
    assert set(statuses(page).values()) == {"Done"}

    client.post("/staff/setup/open")
    assert "The service is open" in get_page(client, "/staff/setup").get_text()
    assert client.get("/information-pack").status_code == 200
    assert council_choices(client) == ["Kent", "Medway", "Bexley", "Outside the region"]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "agency.settings_changed",
        "council.added",
        "agency.test_email_queued",
        "agency.opened",
    } <= actions


def test_councils_are_renamed_put_in_order_and_retired_without_losing_history(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    for name in ("Kent", "Medway", "Bexley"):
        add_council(client, name)
    kent, medway, bexley = db.session.scalars(select(Council).order_by(Council.display_order)).all()
    household = HouseholdFactory(council=medway)

    client.post(f"/staff/councils/{bexley.id}/up")
    client.post(f"/staff/councils/{bexley.id}/up")
    client.post(f"/staff/councils/{kent.id}", data={"name": "Kent County", "region": "in"})
    client.post(f"/staff/councils/{medway.id}/retire")

    page = get_page(client, "/staff/councils")
    rows = [row.select("td") for row in page.select("tbody tr")]
    assert [
        (cells[0].get_text(strip=True).removesuffix(": change"), "Retired" in cells[2].get_text())
        for cells in rows
    ] == [
        ("Bexley", False),
        ("Kent County", False),
        ("Medway", True),
    ]
    db.session.refresh(household)
    assert household.council.name == "Medway"
    summaries = list(
        db.session.scalars(select(AuditEvent.summary).where(AuditEvent.record_type == "council"))
    )
    assert "Council renamed from Kent to Kent County" in summaries
    assert "Council retired: Medway" in summaries


def test_a_retired_council_is_no_longer_offered_to_the_public(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    client.post("/staff/settings", data=SETTINGS)
    for name in ("Kent", "Medway"):
        add_council(client, name)
    medway = db.session.scalar(select(Council).where(Council.name == "Medway"))
    client.post(f"/staff/councils/{medway.id}/retire")
    client.post("/staff/setup/test-email")
    email.deliver_pending(transport=Delivered())
    db.session.commit()
    client.post("/staff/setup/open")
    assert council_choices(client) == ["Kent"]


def test_the_last_council_in_the_region_cannot_be_retired_once_open(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    client.post("/staff/settings", data=SETTINGS)
    add_council(client, "Kent")
    client.post("/staff/setup/test-email")
    email.deliver_pending(transport=Delivered())
    db.session.commit()
    client.post("/staff/setup/open")
    kent = db.session.scalar(select(Council))
    client.post(f"/staff/councils/{kent.id}/retire")
    page = get_page(client, "/staff/councils")
    assert "Kent is the only council in the region still offered" in page.get_text()
    db.session.refresh(kent)
    assert kent.retired_at is None
    assert client.get("/information-pack").status_code == 200


def test_a_council_name_used_already_or_left_blank_is_explained(client, sign_in_as):
    sign_in_as(Role.ADMIN)
    add_council(client, "Kent")
    response = add_council(client, " kent ")
    assert response.status_code == 400
    assert error_summary(parse(response)) == ["There is already a council called kent"]
    blank = add_council(client, "")
    assert blank.status_code == 400
    assert error_summary(parse(blank)) == ["Enter the council's name"]
    assert db.session.scalar(select(Council.name)) == "Kent"


def test_only_admins_manage_councils_and_set_up(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    assert client.get("/staff/councils").status_code == 403
    assert client.get("/staff/setup").status_code == 403


def test_the_demo_data_sets_the_agency_up_through_the_same_audited_services(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id.is_(None))))
    assert actions.count("council.added") == 4
    assert {"agency.settings_changed", "agency.opened"} <= set(actions)
    assert client.get("/information-pack").status_code == 200
