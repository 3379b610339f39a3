"""Staff cancel a whole event: everyone booked, offered or waiting is told in
the staff's words; those with a place get a calendar cancellation."""

import icalendar
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Booking, BookingStatus, Event, Role, TriageItem
from tests.integration.events.test_events import book_as_visitor
from tests.support.emails import emails_to, link_in
from tests.support.factories import EventFactory
from tests.support.pages import error_summary, get_page, parse

MESSAGE = "The venue has flooded. We will run this evening again in March."


def test_staff_cancel_a_whole_event_and_everyone_on_it_is_told(client, other_client, sign_in_as):
    event = EventFactory(title="Information evening", capacity=1)
    book_as_visitor(other_client, event, "First Person", "first@example.com")
    book_as_visitor(other_client, event, "Second Person", "second@example.com")
    sign_in_as(Role.ADVISOR)
    register = get_page(client, f"/staff/events/{event.id}/register")
    link = register.find("a", string="Cancel this event")["href"]
    page = get_page(client, link)
    assert "(2)" in page.select_one(".govuk-warning-text").text
    assert db.session.get(Event, event.id).cancelled_at is None

    empty = client.post(link, data={"message": " "})
    assert empty.status_code == 400
    assert error_summary(parse(empty)) == ["Tell the people booked why the event is cancelled"]
    response = client.post(link, data={"message": MESSAGE})
    assert response.headers["Location"] == f"/staff/events/{event.id}/register"
    assert "cancelled and 2 people emailed" in get_page(client, response.headers["Location"]).text

    assert db.session.get(Event, event.id).cancelled_at is not None
    assert set(db.session.scalars(select(Booking.status))) == {BookingStatus.CANCELLED}
    booked, waiting = emails_to("first@example.com")[-1], emails_to("second@example.com")[-1]
    assert booked.subject == waiting.subject == "An event you booked is cancelled"
    assert MESSAGE in booked.body and MESSAGE in waiting.body
    assert waiting.ics is None
    parsed = icalendar.Calendar.from_ical(booked.ics)
    [cancelled] = parsed.walk("VEVENT")
    [made] = icalendar.Calendar.from_ical(emails_to("first@example.com")[0].ics).walk("VEVENT")
    assert str(parsed["METHOD"]) == "CANCEL" and str(cancelled["UID"]) == str(made["UID"])
    assert int(cancelled["SEQUENCE"]) == int(made["SEQUENCE"]) + 1
    item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "event_waitlist"))
    assert item.status == "done"
    summary = db.session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "event.cancelled"))
    assert MESSAGE not in summary
    # The event has gone from the lists, and the booking's link says it is cancelled.
    assert "Information evening" not in get_page(other_client, "/events").text
    assert (
        "This booking is cancelled" in get_page(other_client, link_in(emails_to("first@example.com")[0])).text
    )


def test_an_event_cannot_be_cancelled_twice(client, sign_in_as):
    event = EventFactory()
    sign_in_as(Role.ADVISOR)
    client.post(f"/staff/events/{event.id}/cancel", data={"message": MESSAGE})
    again = client.post(f"/staff/events/{event.id}/cancel", data={"message": MESSAGE})
    assert again.status_code == 400
    assert "Cancel this event" not in get_page(client, f"/staff/events/{event.id}/register").text
