"""Events: the times that decide offers, reminders and the waiting list, and
what each person sees of events and bookings."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, Booking, BookingStatus, EventKind, Role, TriageItem
from portal.services import events
from tests.integration.events.test_events import book_as_visitor, titles_listed
from tests.support.emails import emails_to, link_in
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

# A Monday morning, and an event well over the 48 hours away.
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
EVENT_STARTS = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)


def run(app, command: str) -> str:
    return app.test_cli_runner().invoke(args=[command]).output


def a_place_offered_on_monday(client):
    """A full event of one place; its holder cancels on Monday at 10:00 and
    the place is offered to the person waiting."""
    event = EventFactory(capacity=1, starts_at=EVENT_STARTS)
    book_as_visitor(client, event, "First Person", "first@example.com")
    book_as_visitor(client, event, "Second Person", "second@example.com")
    client.post(link_in(emails_to("first@example.com")[0]) + "/cancel")
    assert emails_to("second@example.com")[-1].subject == "A place has come up for you"
    return event


def test_an_offered_place_is_still_open_just_under_48_hours_later_and_lapses_just_after(app, client):
    with time_machine.travel(MONDAY, tick=False):
        a_place_offered_on_monday(client)
    with time_machine.travel(datetime(2026, 11, 25, 9, 59, tzinfo=UTC), tick=False):
        assert "0 lapsed offers passed on" in run(app, "offer-places")
    with time_machine.travel(datetime(2026, 11, 25, 10, 1, tzinfo=UTC), tick=False):
        assert "1 lapsed offers passed on" in run(app, "offer-places")
    assert (
        db.session.scalar(select(Booking.status).where(Booking.email == "second@example.com")) == "cancelled"
    )


def test_an_offered_place_is_to_be_accepted_within_48_hours_of_the_offer(client):
    with time_machine.travel(MONDAY, tick=False):
        a_place_offered_on_monday(client)
    booking = db.session.scalar(select(Booking).where(Booking.email == "second@example.com"))
    assert booking.offer_expires_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_the_reminder_goes_once_the_event_is_two_days_away_and_not_before(app, client):
    event = EventFactory(starts_at=EVENT_STARTS)
    # Booked well before the reminder is due (the test must not depend on today's clock).
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=UTC), tick=False):
        book_as_visitor(client, event, email="booker@example.com")
    with time_machine.travel(datetime(2026, 12, 2, 17, 59, tzinfo=UTC), tick=False):
        assert "0 reminders queued" in run(app, "send-reminders")
    with time_machine.travel(datetime(2026, 12, 2, 18, 1, tzinfo=UTC), tick=False):
        assert "1 reminders queued" in run(app, "send-reminders")
    assert emails_to("booker@example.com")[-1].subject == "Reminder: your booking is coming up"


def test_the_waiting_list_item_is_due_five_working_days_after_someone_joins_it(client):
    event = EventFactory(capacity=1, starts_at=EVENT_STARTS)
    with time_machine.travel(MONDAY, tick=False):
        book_as_visitor(client, event, "First Person", "first@example.com")
        book_as_visitor(client, event, "Second Person", "second@example.com")
    item = db.session.scalar(select(TriageItem).where(TriageItem.kind == "event_waitlist"))
    assert (item.due_on.isoformat(), item.due_reason) == ("2026-11-30", "5 working days from 23 Nov 2026")


def course(session_count: int) -> dict:
    return dict(
        kind=EventKind.COURSE,
        title="A long course",
        description="Weekly sessions",
        audience=Audience.FAMILIES,
        capacity=10,
        venue="Civic Centre",
        online_url=None,
        sessions=[
            (EVENT_STARTS + timedelta(weeks=n), EVENT_STARTS + timedelta(weeks=n, hours=2))
            for n in range(session_count)
        ],
    )


def test_a_course_can_have_twelve_sessions_but_not_thirteen(app):
    staff = UserFactory(role=Role.ADVISOR)
    assert len(events.create_event(actor_id=staff.id, **course(12)).sessions) == 12
    with pytest.raises(events.InvalidEvent, match="Give between 1 and 12 sessions"):
        events.create_event(actor_id=staff.id, **course(13))


def test_an_event_that_has_started_is_not_listed_though_later_sessions_are_to_come(client):
    EventFactory(
        title="Started course",
        starts_at=MONDAY - timedelta(hours=1),
        session_count=3,
        every=timedelta(days=7),
    )
    EventFactory(title="Starts soon", starts_at=MONDAY + timedelta(minutes=1))
    with time_machine.travel(MONDAY, tick=False):
        assert titles_listed(get_page(client, "/events")) == ["Starts soon"]


def test_a_signed_in_person_does_not_see_someone_elses_booking_as_theirs(client, other_client):
    event = EventFactory(audience=Audience.FAMILIES, kind=EventKind.SUPPORT_GROUP)
    booker, other = UserFactory(role=Role.FAMILY), UserFactory(role=Role.FAMILY)
    BookingFactory(event=event, user=booker)
    sign_in(client, booker)
    assert "Your booking" in get_page(client, f"/events/{event.id}").text
    sign_in(other_client, other)
    page = get_page(other_client, f"/events/{event.id}").text
    assert "Your booking" not in page and "Cancel my booking" not in page


def test_the_register_lists_people_grouped_by_status_in_a_fixed_order(app):
    event = EventFactory(capacity=5)
    made = {}
    for status in ("cancelled", "waitlisted", "offered", "booked", "waitlisted", "booked"):
        booking = BookingFactory(event=event, status=status)
        made.setdefault(status, []).append(booking.id)
    register = events.register(event_id=event.id)
    assert [b.status for b in register] == [
        BookingStatus.BOOKED,
        BookingStatus.BOOKED,
        BookingStatus.OFFERED,
        BookingStatus.WAITLISTED,
        BookingStatus.WAITLISTED,
        BookingStatus.CANCELLED,
    ]
    # Within a status, in the order they booked.
    assert [b.id for b in register[:2]] == made["booked"]
    assert [b.id for b in register[3:5]] == made["waitlisted"]
