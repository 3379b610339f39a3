"""Changing a booking to another date, as pretix and Cal.com users expect: a
visitor from the emailed manage link, and a family from /account. Each picks
from the other dates with places left, is told plainly when they pick none,
and lands back where they started with the new date confirmed.

The events are made here, with titles of their own, so the demo's bookings
and the other journeys are left as they were. Every page visited is checked
with axe-core, the error and confirmation states too.
"""

from __future__ import annotations

import re
from datetime import timedelta

from .journeys import app_session, path_of, submit, success_banner

FAMILY = "family@demo.adoption-portal.example"
WEEKDAY = re.compile(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d")


def two_dates_of(live_server, *, title: str, kind: str, audience: str, online: bool) -> list[int]:
    """Two upcoming events of one kind, a week apart, with the ids of each."""
    from portal.models import Audience, Event, EventKind, EventSession
    from portal.services import clock

    ids = []
    with app_session(live_server, write=True) as session:
        for weeks in (5, 6):
            starts = clock.now().replace(second=0, microsecond=0) + timedelta(weeks=weeks)
            event = Event(
                kind=EventKind(kind),
                title=title,
                description="A date to move between.",
                audience=Audience(audience),
                capacity=6,
                venue=None if online else "Gun Wharf, Dock Road, Chatham ME4 4TR",
                online_url="https://meet.demo.adoption-portal.example/dads" if online else None,
                created_at=clock.now(),
                updated_at=clock.now(),
                sessions=[EventSession(starts_at=starts, ends_at=starts + timedelta(hours=2))],
            )
            session.add(event)
            session.flush()
            ids.append(event.id)
    return ids


def booking_of(live_server, email: str, title: str) -> tuple[int, int]:
    """The event id and calendar sequence of this person's live booking on an event with this title."""
    from sqlalchemy import or_, select

    from portal.models import Booking, BookingStatus, Event, User

    with app_session(live_server) as session:
        booking = session.scalar(
            select(Booking)
            .join(Event, Event.id == Booking.event_id)
            .outerjoin(User, User.id == Booking.user_id)
            .where(
                Event.title == title,
                Booking.status != BookingStatus.CANCELLED,
                or_(Booking.email == email, User.email == email),
            )
        )
        return booking.event_id, booking.calendar_sequence


def test_a_visitor_changes_the_date_from_the_emailed_link(page, live_server, accessible):
    title = "Information evening for single adopters"
    first, second = two_dates_of(
        live_server, title=title, kind="information_event", audience="anyone", online=False
    )
    page.goto(f"/events/{first}")
    page.get_by_label("Full name").fill("Morgan Mover")
    page.get_by_label("Email address").fill("morgan.mover@example.com")
    submit(page, "Book a place", expect_status=200)
    with page.expect_navigation():
        page.get_by_role("link", name="Manage or cancel your booking").click()
    assert page.locator("h1").inner_text() == "Your booking"
    manage_path = path_of(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Change date").click()
    assert path_of(page) == f"{manage_path}/change-date"
    assert page.locator("h1").inner_text() == "Change the date of your booking"
    # The other information events open to anyone are other dates of it too.
    group = page.get_by_role("group", name="Choose a new date")
    label = group.locator("label", has_text="Gun Wharf").inner_text()
    assert WEEKDAY.match(label) and label.endswith("Gun Wharf, Dock Road, Chatham ME4 4TR: 6 places left"), (
        label
    )
    accessible(page, "/bookings/{token}/change-date")

    submit(page, "Change to this date", expect_status=400)
    summary = page.locator(".govuk-error-summary")
    assert "Choose a new date" in summary.inner_text()
    assert page.title().startswith("Error: ")
    accessible(page, "/bookings/{token}/change-date sent empty")

    group.get_by_label(label).check()
    submit(page, "Change to this date", expect_status=200)
    assert path_of(page) == manage_path
    assert "Your booking is moved to " in success_banner(page).inner_text()
    accessible(page, "/bookings/{token} after changing the date")
    assert booking_of(live_server, "morgan.mover@example.com", title)[0] == second


def test_a_family_changes_the_date_of_a_group_from_their_account(page, live_server, sign_in, accessible):
    title = "Dads' evening group online"
    first, second = two_dates_of(
        live_server, title=title, kind="online_group", audience="families", online=True
    )
    sign_in(page, FAMILY)
    page.goto(f"/events/{first}")
    submit(page, "Book a place", expect_status=200)

    page.goto("/account")
    bookings = page.get_by_role("table", name="Events you have booked")
    row = bookings.locator("tbody tr", has=page.get_by_role("link", name=title, exact=True))
    with page.expect_navigation():
        row.get_by_role("button", name=f"Change date for {title}").click()
    assert page.locator("h1").inner_text() == "Change the date of your booking"
    accessible(page, "/account/bookings/{n}/change-date")

    page.get_by_role("group", name="Choose a new date").get_by_role("radio").first.check()
    submit(page, "Change to this date", expect_status=200)
    assert path_of(page) == "/account"
    assert "Your booking is moved to " in success_banner(page).inner_text()
    accessible(page, "/account after changing a booking's date")
    event_id, sequence = booking_of(live_server, FAMILY, title)
    assert event_id == second and sequence == 1, "one calendar file on booking, one more on the move"

    # Done with: the family is left without the booking, as before this journey.
    row = page.get_by_role("table", name="Events you have booked").locator(
        "tbody tr", has=page.get_by_role("link", name=title, exact=True)
    )
    with page.expect_navigation():
        row.get_by_role("button", name=f"Cancel your booking for {title}").click()
    submit(page, "Yes, cancel my booking", expect_status=200)
