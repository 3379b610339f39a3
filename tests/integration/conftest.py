"""Helpers for tests that drive the app through HTTP and check what people see."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup

from tests.factories import PASSWORD, AgencySettingsFactory, UserFactory


@pytest.fixture(autouse=True)
def agency(app):
    return AgencySettingsFactory()


def parse(response) -> BeautifulSoup:
    """The page as HTML, checked as notifications-admin's client_request does:
    it has a title and one h1, and no id is used twice."""
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.title and page.title.text.strip(), "page has no title"
    ids = Counter(tag["id"] for tag in page.select("[id]"))
    duplicates = [i for i, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert len(page.select("h1")) == 1, "page must have exactly one h1"
    return page


def get_page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (response.status_code, response.headers.get("Location"))
    return parse(response)


def error_summary(page: BeautifulSoup) -> list[str]:
    return [li.get_text(" ", strip=True) for li in page.select(".govuk-error-summary__list li")]


def sign_in(client, user, password: str = PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


@pytest.fixture
def sign_in_as(client):
    """Create a user with this role, sign them in on ``client`` and return them."""

    def _sign_in_as(role, **attributes):
        user = UserFactory(role=role, **attributes)
        sign_in(client, user)
        return user

    return _sign_in_as
