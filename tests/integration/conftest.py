"""Helpers for tests that drive the app through HTTP and check what people see."""

from __future__ import annotations

from collections import Counter

import pyotp
import pytest
from bs4 import BeautifulSoup

from portal.extensions import db
from portal.services import clock, second_factor
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


def next_code(user) -> str:
    """A code the person's app would show now that the portal has not yet accepted.

    Tests sign the same person in many times a minute, and a code is
    accepted only once: the step after the last one used is taken while it is
    within the window, else the record of the last step is forgotten."""
    db.session.refresh(user)
    step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    if user.totp_last_step is not None and user.totp_last_step >= step:
        step = user.totp_last_step + 1
        if step > int(clock.now().timestamp()) // second_factor.STEP_SECONDS + second_factor.VALID_WINDOW:
            user.totp_last_step = None
            db.session.commit()
            step = int(clock.now().timestamp()) // second_factor.STEP_SECONDS
    return pyotp.TOTP(second_factor.set_up_details(user).secret).generate_otp(step)


def sign_in(client, user, password: str = PASSWORD, *, next_path: str = ""):
    """Sign in with the password and, for staff and connectors, a code from
    their authenticator app. Returns the last response: a redirect home."""
    url = "/sign-in" + (f"?next={next_path}" if next_path else "")
    response = client.post(url, data={"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    if response.headers["Location"] == "/sign-in/code":
        response = client.post("/sign-in/code", data={"code": next_code(user)})
        assert response.status_code == 302, "the second step of signing in failed"
    return response


@pytest.fixture
def sign_in_as(client):
    """Create a user with this role, sign them in on ``client`` and return them."""

    def _sign_in_as(role, **attributes):
        user = UserFactory(role=role, **attributes)
        sign_in(client, user)
        return user

    return _sign_in_as
