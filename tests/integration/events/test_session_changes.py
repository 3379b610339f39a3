"""Staff take a session off an event, or move one: everyone booked gets one
email whose calendar files cancel exactly the session removed (its own UID,
SEQUENCE raised, METHOD:CANCEL) and update the one moved (METHOD:REQUEST,
SEQUENCE raised), read as a calendar client reads them (icalendar)."""

from datetime import UTC, datetime

import icalendar
from sqlalchemy import select

from portal.extensions import db
from portal.models import Booking, Event, Role
from tests.integration.events.test_event_staff import NEXT_YEAR, event_form
from tests.integration.events.test_events import book_as_visitor
from tests.support.emails import emails_to
from tests.support.factories import UserFactory
from tests.support.pages import error_summary, parse
from tests.support.signing_in import sign_in

NO_SESSION_2 = {"session_2_day": "", "session_2_starts": "", "session_2_ends": ""}


def read(ics: str) -> tuple[str, dict[str, icalendar.Event]]:
    parsed = icalendar.Calendar.from_ical(ics)
    return str(parsed["METHOD"]), {str(e["UID"]): e for e in parsed.walk("VEVENT")}


def a_three_day_course_with_a_visitor_booked(client, other_client):
    sign_in(client, UserFactory(role=Role.ADVISOR))
    client.post("/staff/events/new", data=event_form(kind="information_event", audience="anyone"))
    event = db.session.scalar(select(Event))
    book_as_visitor(other_client, event)
    booking = db.session.scalar(select(Booking))
    uids = [f"booking-{booking.id}-session-{s.id}@portal.test" for s in event.sessions]
    return event, uids


def edit(client, event, **changes):
    data = event_form(kind="information_event", audience="anyone", **changes)
    response = client.post(f"/staff/events/{event.id}/edit", data=data)
    assert response.status_code == 302, error_summary(parse(response))
    db.session.refresh(event)


def test_removing_a_session_cancels_exactly_that_session_in_everyones_calendar(client, other_client):
    event, (first, second, third) = a_three_day_course_with_a_visitor_booked(client, other_client)
    [confirmation] = emails_to("robin@example.com")
    edit(client, event, **NO_SESSION_2)
    assert len(event.sessions) == 2

    [changed] = emails_to("robin@example.com")[1:]
    assert changed.subject == "An event you booked has new times"
    assert "This session is no longer running" in changed.body
    assert f"9 March {NEXT_YEAR}" in changed.body
    assert changed.ics is None, "nothing moved: no update to send"
    method, cancelled = read(changed.cancel_ics)
    assert method == "CANCEL" and list(cancelled) == [second]
    assert str(cancelled[second]["STATUS"]) == "CANCELLED"
    _, made = read(confirmation.ics)
    assert int(cancelled[second]["SEQUENCE"]) == int(made[second]["SEQUENCE"]) + 1
    assert cancelled[second].decoded("DTSTART") == datetime(NEXT_YEAR, 3, 9, 9, 30, tzinfo=UTC)
    assert [s.starts_at.day for s in event.sessions] == [2, 16], "the other two keep their ids and times"


def test_moving_one_session_and_removing_another_sends_an_update_and_a_cancellation(client, other_client):
    event, (first, second, third) = a_three_day_course_with_a_visitor_booked(client, other_client)
    edit(client, event, session_3_day=f"{NEXT_YEAR}-03-23", **NO_SESSION_2)

    [changed] = emails_to("robin@example.com")[1:]
    (update_method, updated), (cancel_method, cancelled) = read(changed.ics), read(changed.cancel_ics)
    assert (update_method, cancel_method) == ("REQUEST", "CANCEL")
    assert set(updated) == {first, third} and list(cancelled) == [second]
    assert updated[third].decoded("DTSTART") == datetime(NEXT_YEAR, 3, 23, 9, 30, tzinfo=UTC)
    assert {int(e["SEQUENCE"]) for e in (*updated.values(), *cancelled.values())} == {1}
    assert "The calendar file cancel.ics takes out the session no longer running" in changed.body


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(client, other_client):
    event, (first, second, third) = a_three_day_course_with_a_visitor_booked(client, other_client)
    edit(client, event, session_2_starts="10:30", session_2_ends="16:30")

    [changed] = emails_to("robin@example.com")[1:]
    method, updated = read(changed.ics)
    assert method == "REQUEST" and set(updated) == {first, second, third}
    assert updated[second].decoded("DTSTART") == datetime(NEXT_YEAR, 3, 9, 10, 30, tzinfo=UTC)
    assert int(updated[second]["SEQUENCE"]) == 1
    assert changed.cancel_ics is None
