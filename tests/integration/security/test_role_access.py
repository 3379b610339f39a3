"""Each role is refused from the others' areas: signed-out people are sent to
sign in, signed-in people of the wrong role get 403."""

import pytest
from bs4 import BeautifulSoup

from portal.models import Role
from tests.support.factories import UserFactory
from tests.support.signing_in import sign_in

AREAS = {
    "/account": {Role.APPLICANT, Role.FAMILY},
    "/connector": {Role.CONNECTOR},
    "/staff/queue": {Role.ADVISOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN},
    "/staff/invite": {Role.ADVISOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN},
    "/staff/users": {Role.ADMIN},
    "/staff/settings": {Role.ADMIN},
    "/staff/security-events": {Role.ADMIN},
    "/staff/audit": {Role.MANAGER, Role.ADMIN},
    "/staff/reports": {Role.MANAGER, Role.ADMIN},
    "/staff/reports/annual": {Role.MANAGER, Role.ADMIN},
    "/staff/reports/surveys": {Role.MANAGER, Role.ADMIN},
    "/staff/reports/surveys/published": {Role.MANAGER, Role.ADMIN},
    "/support-call": {Role.FAMILY},
}


@pytest.mark.parametrize("path", sorted(AREAS))
def test_signed_out_people_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_own_areas(app, role):
    client = app.test_client()
    sign_in(client, UserFactory(role=role))
    for path, allowed in AREAS.items():
        expected = 200 if role in allowed else 403
        assert client.get(path).status_code == expected, (role, path)


def test_a_refused_page_is_the_styled_403(client, sign_in_as):
    sign_in_as(Role.FAMILY)
    response = client.get("/staff/queue")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.get_data(as_text=True)


def test_only_admins_can_change_roles_or_deactivate(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    target = UserFactory()
    assert client.post(f"/staff/users/{target.id}", data={"role": "admin"}).status_code == 403
    assert client.post(f"/staff/users/{target.id}/deactivate").status_code == 403


EXPECTED_MENUS = {
    Role.APPLICANT: ["Your account", "Messages", "Events"],
    Role.FAMILY: ["Your account", "Messages", "Ask for a call", "Catch-up calls", "Groups and courses"],
    Role.CONNECTOR: ["Your families", "Messages", "Events"],
    Role.ADVISOR: ["Queue", "Households", "Connectors", "Events", "Invite someone"],
    Role.SOCIAL_WORKER: ["Queue", "Households", "Connectors", "Events", "Invite someone"],
    Role.MANAGER: [
        "Queue", "Households", "Connectors", "Events", "Reports", "Audit log", "Invite someone",
        "Saved replies",
    ],
    Role.ADMIN: [
        "Queue", "Households", "Connectors", "Events", "Reports", "Audit log", "People", "Invite someone",
        "Settings", "Saved replies",
    ],
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_a_menu_of_the_pages_it_may_open_and_each_opens(app, role):
    client = app.test_client()
    sign_in(client, UserFactory(role=role))
    page = BeautifulSoup(client.get("/accessibility").get_data(as_text=True), "html.parser")
    links = page.select(".govuk-service-navigation__item a")
    assert [link.get_text(strip=True) for link in links] == EXPECTED_MENUS[role]
    for link in links:
        assert client.get(link["href"]).status_code == 200, (role, link["href"])


def test_signed_out_people_see_the_public_menu(client):
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    links = [link.get_text(strip=True) for link in page.select(".govuk-service-navigation__item a")]
    assert links == ["Home", "Information pack", "Events", "Sign in"]
