"""What is the same for every visitor (the agency's settings, the councils,
the events and their places left) is kept between requests, yet a change by
staff or a booking shows on the very next request: in the process that made
it and in another process (another app on the same database) that had its
own copy."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from portal.extensions import db
from portal.models import Role
from portal.services import clock
from tests.conftest import PortalClient, build_app
from tests.integration.staff.test_agency_settings import VALID as SETTINGS_FORM
from tests.support.factories import CouncilFactory, EventFactory
from tests.support.pages import get_page, parse


@pytest.fixture
def second_process(database_url, tmp_path):
    """Another web process on the same database, with its own copies."""
    other = build_app(tmp_path / "second", database_url)
    other.test_client_class = PortalClient
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def visitors(client, second_process):
    """A signed-out visitor on each process (``client`` is the staff member's browser)."""
    return [client.application.test_client(), second_process.test_client()]


def every_visitor_sees(visitors, path: str):
    return [get_page(visitor, path) for visitor in visitors]


def test_a_new_agency_name_shows_at_once_on_every_process(client, sign_in_as, visitors):
    for page in every_visitor_sees(visitors, "/"):
        assert page.title.text.endswith("– Adoption Partnership South East")
    sign_in_as(Role.ADMIN)
    assert client.post("/staff/settings", data={**SETTINGS_FORM, "name": "Kent Adopts"}).status_code == 302
    for page in every_visitor_sees(visitors, "/"):
        assert page.title.text.endswith("– Kent Adopts")


def council_choices(page) -> list[str]:
    return [
        page.select_one(f"label[for={choice['id']}]").text.strip()
        for choice in page.select("input[name=council]")
    ]


def test_councils_added_renamed_and_retired_show_at_once_on_the_information_pack(
    client, sign_in_as, visitors
):
    kent = CouncilFactory(name="Kent")
    for page in every_visitor_sees(visitors, "/information-pack"):
        assert council_choices(page) == ["Kent"]
    sign_in_as(Role.ADMIN)
    assert client.post("/staff/councils", data={"name": "Medway", "region": "in"}).status_code == 302
    for page in every_visitor_sees(visitors, "/information-pack"):
        assert council_choices(page) == ["Kent", "Medway"]
    assert (
        client.post(f"/staff/councils/{kent.id}", data={"name": "Kent County", "region": "in"}).status_code
        == 302
    )
    for page in every_visitor_sees(visitors, "/information-pack"):
        assert "Kent County" in council_choices(page)
    assert client.post(f"/staff/councils/{kent.id}/retire").status_code == 302
    for page in every_visitor_sees(visitors, "/information-pack"):
        assert council_choices(page) == ["Medway"]


def listed(page) -> list[str]:
    return [
        item.get_text(" ", strip=True) for item in page.select(".portal-events li, .portal-events article")
    ]


def staff_edit_form(event, **changes) -> dict:
    starts = clock.to_london(event.sessions[0].starts_at)
    return {
        "kind": "information_event",
        "title": event.title,
        "description": event.description,
        "audience": "anyone",
        "capacity": str(event.capacity),
        "venue": event.venue,
        "online_url": "",
        "session_1_day": [str(starts.day), str(starts.month), str(starts.year)],
        "session_1_starts": starts.strftime("%H:%M"),
        "session_1_ends": (starts + timedelta(hours=2)).strftime("%H:%M"),
        **changes,
    }


def test_an_event_created_edited_and_cancelled_by_staff_shows_at_once_on_every_process(
    client, sign_in_as, visitors
):
    # At 10:00, so the edit is never held back by the warning for a session at night.
    next_week_at_ten = datetime.combine(clock.today() + timedelta(days=7), time(10, 0), tzinfo=clock.LONDON)
    first = EventFactory(title="Information evening", starts_at=next_week_at_ten)
    for page in every_visitor_sees(visitors, "/events"):
        assert "Information evening" in page.text
    for page in every_visitor_sees(visitors, f"/events/{first.id}"):
        assert page.h1.text.strip() == "Information evening"

    second = EventFactory(title="Coffee morning", starts_at=clock.now() + timedelta(days=9))
    for page in every_visitor_sees(visitors, "/events"):
        assert "Coffee morning" in page.text

    sign_in_as(Role.ADVISOR)
    form = staff_edit_form(first, title="Information evening in Chatham")
    assert client.post(f"/staff/events/{first.id}/edit", data=form).status_code == 302
    for page in every_visitor_sees(visitors, "/events"):
        assert "Information evening in Chatham" in page.text
    for page in every_visitor_sees(visitors, f"/events/{first.id}"):
        assert page.h1.text.strip() == "Information evening in Chatham"

    message = "We are sorry: the venue is closed that morning."
    assert client.post(f"/staff/events/{second.id}/cancel", data={"message": message}).status_code == 302
    for page in every_visitor_sees(visitors, "/events"):
        assert "Coffee morning" not in page.text
    for visitor in visitors:
        assert visitor.get(f"/events/{second.id}").status_code == 404


def test_a_place_booked_on_one_process_changes_the_places_left_on_every_process(visitors):
    event = EventFactory(title="Information evening", capacity=2)
    for page in every_visitor_sees(visitors, "/events"):
        assert "2 places left" in page.text
    for page in every_visitor_sees(visitors, f"/events/{event.id}"):
        assert "2 places left" in page.text

    booker = visitors[1]
    response = booker.post(
        f"/events/{event.id}", data={"full_name": "Robin Visitor", "email": "robin@example.com"}
    )
    assert response.status_code == 302
    for page in every_visitor_sees(visitors, "/events"):
        assert "1 place left" in page.text
    for page in every_visitor_sees(visitors, f"/events/{event.id}"):
        assert "1 place left" in page.text


def test_an_event_leaves_the_listing_when_it_starts_without_anything_changing(visitors, time_machine):
    EventFactory(
        title="Information evening", starts_at=clock.now().replace(microsecond=0) + timedelta(hours=1)
    )
    for page in every_visitor_sees(visitors, "/events"):
        assert "Information evening" in page.text
    time_machine.move_to(clock.now() + timedelta(hours=2), tick=False)
    for page in every_visitor_sees(visitors, "/events"):
        assert "Information evening" not in page.text


def test_the_page_of_a_visitor_who_booked_is_theirs_alone(visitors):
    """The kept copies hold nothing of one person: a second visitor sees no one else's booking."""
    event = EventFactory(title="Information evening")
    first, second = visitors
    first.post(f"/events/{event.id}", data={"full_name": "Robin Visitor", "email": "robin@example.com"})
    assert "Robin" not in get_page(second, f"/events/{event.id}").text
    assert "robin@example.com" not in get_page(second, "/events").text


@pytest.fixture
def checked_forms(database_url, tmp_path):
    """A process that checks every form's CSRF token, as in production."""
    app = build_app(tmp_path / "checked", database_url, EXTRA={"WTF_CSRF_ENABLED": True})
    app.test_client_class = PortalClient
    yield app
    with app.app_context():
        db.engine.dispose()


def _token_and_nonce(response) -> tuple[str, str]:
    page = parse(response)
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert all(script.get("nonce") == nonce for script in page.select("script:not([src])"))
    return page.select_one("input[name=csrf_token]")["value"], nonce


def test_two_visitors_on_a_kept_event_page_each_get_their_own_token_and_script_nonce(checked_forms):
    event = EventFactory(title="Information evening")
    first, second = checked_forms.test_client(), checked_forms.test_client()
    first_token, first_nonce = _token_and_nonce(first.get(f"/events/{event.id}"))
    second_token, second_nonce = _token_and_nonce(second.get(f"/events/{event.id}"))
    assert first_token != second_token and first_nonce != second_nonce

    booking = {"full_name": "Robin Visitor", "email": "robin@example.com"}
    assert second.post(f"/events/{event.id}", data={**booking, "csrf_token": first_token}).status_code == 400
    assert first.post(f"/events/{event.id}", data={**booking, "csrf_token": first_token}).status_code == 302
