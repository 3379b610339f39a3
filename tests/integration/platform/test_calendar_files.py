"""Every calendar file the portal sends, read as a calendar client reads it
(the icalendar package): one UID per call or booking for its whole life, on
the portal's own domain, a SEQUENCE that rises with every change, METHOD
REQUEST to add or move it and CANCEL to take it out, the agency as
ORGANIZER, and the method and charset on the attachment's content type."""

from datetime import datetime, timedelta

import icalendar
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, SupportCallRequest
from portal.services import clock
from portal.services.email.transports import build_mime
from tests.integration.events.test_events import book_as_visitor
from tests.integration.support.test_support_call_journey import book
from tests.integration.support.test_support_calls import ask_for_call
from tests.support.emails import emails_to, link_in
from tests.support.factories import EventFactory, UserFactory
from tests.support.signing_in import sign_in

ASKED = "2026-11-23 09:00 +0000"
THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=clock.LONDON)


def read(message) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    parsed = icalendar.Calendar.from_ical(message.ics)
    return parsed, parsed.walk("VEVENT")


def calendar_part(message):
    mime = build_mime(message, "Adoption portal <no-reply@portal.test>", "http://portal.test")
    [part] = [p for p in mime.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def test_a_support_call_booked_moved_and_cancelled_sends_one_event_raised_each_time(
    client, other_client, agency
):
    agency.contact_email = "adopt@agency.example"
    db.session.commit()
    family = UserFactory(role=Role.FAMILY)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel(ASKED, tick=False):
        sign_in(other_client, family)
        ask_for_call(other_client, best_times="Any time")
        request = db.session.scalar(select(SupportCallRequest))
        sign_in(client, worker)
        assert book(client, request, THURSDAY_10AM, worker).status_code == 302
        assert book(client, request, THURSDAY_10AM + timedelta(days=1), worker).status_code == 302
        client.post(
            f"/staff/support-calls/{request.id}/cancel", data={"cancel-reason": "We will visit instead"}
        )
    booked, moved, cancelled = [m for m in emails_to(family.email) if m.ics]
    files = [read(message) for message in (booked, moved, cancelled)]
    assert [str(parsed["METHOD"]) for parsed, _ in files] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [event for _, [event] in files]
    assert {str(event["UID"]) for event in events} == {f"support-call-{request.id}@portal.test"}
    assert [int(event["SEQUENCE"]) for event in events] == [0, 1, 2]
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert all(str(event["ORGANIZER"]) == "mailto:adopt@agency.example" for event in events)
    assert all(str(event["ATTENDEE"]) == f"mailto:{family.email}" for event in events)
    assert events[1].decoded("DTSTART") == THURSDAY_10AM + timedelta(days=1)
    assert "takes the call out of your calendar" in cancelled.body
    for message, method in ((booked, "REQUEST"), (cancelled, "CANCEL")):
        part = calendar_part(message)
        assert (part.get_param("method"), part.get_param("charset")) == (method, "utf-8")


def test_a_booking_cancelled_by_the_booker_sends_a_cancellation_of_every_session(client):
    event = EventFactory(title="Life story workshop", session_count=2)
    book_as_visitor(client, event)
    [confirmation] = emails_to("robin@example.com")
    client.post(link_in(confirmation) + "/cancel")
    cancelled = emails_to("robin@example.com")[-1]
    (made, made_events), (undone, undone_events) = read(confirmation), read(cancelled)
    assert (str(made["METHOD"]), str(undone["METHOD"])) == ("REQUEST", "CANCEL")
    assert len(made_events) == len(undone_events) == 2
    assert [str(e["UID"]) for e in made_events] == [str(e["UID"]) for e in undone_events]
    assert all(str(e["UID"]).endswith("@portal.test") for e in made_events)
    assert [int(e["SEQUENCE"]) for e in made_events + undone_events] == [0, 0, 1, 1]
    assert {str(e["STATUS"]) for e in undone_events} == {"CANCELLED"}
    assert "takes it out of your calendar" in cancelled.body
    assert calendar_part(cancelled).get_param("method") == "CANCEL"


def test_leaving_a_waiting_list_says_so_and_sends_no_calendar(client, other_client):
    event = EventFactory(capacity=1)
    book_as_visitor(client, event, "First Person", "first@example.com")
    book_as_visitor(other_client, event, "Second Person", "second@example.com")
    [waiting] = emails_to("second@example.com")
    other_client.post(link_in(waiting) + "/cancel")
    left = emails_to("second@example.com")[-1]
    assert left.subject == "You have left the waiting list"
    assert "cancelled your booking" not in left.body and left.ics is None


def test_moving_an_events_sessions_sends_everyone_booked_an_update_with_the_same_uids(client, sign_in_as):
    from portal.models import Audience, EventKind
    from portal.services import events

    event = EventFactory(title="Life story workshop", session_count=2)
    book_as_visitor(client, event)
    [confirmation] = emails_to("robin@example.com")
    advisor = sign_in_as(Role.ADVISOR)
    later = [(s.starts_at + timedelta(hours=1), s.ends_at + timedelta(hours=1)) for s in event.sessions]
    events.update_event(
        event_id=event.id,
        actor_id=advisor.id,
        kind=EventKind(event.kind),
        title=event.title,
        description=event.description,
        audience=Audience(event.audience),
        capacity=event.capacity,
        venue=event.venue,
        online_url=event.online_url,
        sessions=later,
    )
    db.session.commit()
    changed = emails_to("robin@example.com")[-1]
    assert changed.subject == "An event you booked has new times"
    (_, before), (parsed, after) = read(confirmation), read(changed)
    assert str(parsed["METHOD"]) == "REQUEST"
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in before]
    assert [int(e["SEQUENCE"]) for e in after] == [1, 1]
    assert [e.decoded("DTSTART") for e in after] == [starts for starts, _ in later]
