"""A course of several sessions, as staff and bookers use it: an advisor
marks the register of one session and reads each person's total; a booker
turns the reminders off in one click from a reminder's link, and a family
turns them off and on again from /account.

The course is made here, with a title of its own, its first session begun
an hour ago, so the demo data and the other journeys are left as they were.
Every page visited is checked with axe-core.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from .journeys import app_session, path_of, submit, success_banner

ADVISOR = "advisor@demo.adoption-portal.example"
FAMILY = "family@demo.adoption-portal.example"


def a_course_under_way(
    live_server, *, title: str, booked: list[tuple[str, str]], family: bool = False
) -> int:
    """A weekly course of 4 sessions, the first begun an hour ago, with these
    people (name, email) booked on it, and the demo family too if asked."""
    from sqlalchemy import select

    from portal.models import Audience, Booking, BookingStatus, Event, EventKind, EventSession, User
    from portal.services import clock
    from portal.services.events import set_manage_token

    now = clock.now().replace(second=0, microsecond=0)
    with app_session(live_server, write=True) as session:
        starts = [now - timedelta(hours=1) + timedelta(weeks=n) for n in range(4)]
        event = Event(
            kind=EventKind.COURSE,
            title=title,
            description="Four weekly sessions.",
            audience=Audience.FAMILIES if family else Audience.ANYONE,
            capacity=8,
            venue="Gun Wharf, Dock Road, Chatham ME4 4TR",
            online_url=None,
            created_at=now - timedelta(days=30),
            updated_at=now - timedelta(days=30),
            sessions=[EventSession(starts_at=s, ends_at=s + timedelta(hours=2)) for s in starts],
        )
        session.add(event)
        people = [dict(full_name=name, email=email) for name, email in booked]
        if family:
            user = session.scalar(select(User).where(User.email == FAMILY))
            people.append(dict(user_id=user.id, household_id=user.household_id))
        for person in people:
            booking = Booking(
                event=event,
                status=BookingStatus.BOOKED,
                manage_token_hash="",
                created_at=now - timedelta(days=30),
                updated_at=now - timedelta(days=30),
                **person,
            )
            session.add(booking)
            session.flush()
            set_manage_token(booking)
        session.flush()
        return event.id


def test_an_advisor_marks_one_sessions_register_and_reads_each_persons_total(
    page, live_server, sign_in, accessible
):
    title = "Incredible Years (browser journey)"
    event_id = a_course_under_way(
        live_server,
        title=title,
        booked=[("Ash Parent", "ash@example.com"), ("Bea Parent", "bea@example.com")],
    )
    sign_in(page, ADVISOR)
    page.goto(f"/staff/events/{event_id}/register")
    sessions = page.get_by_role("region", name="Sessions")
    assert sessions.locator("tbody tr").count() == 4
    assert "0 of 2" in sessions.locator("tbody tr").first.inner_text()
    accessible(page, "/staff/events/{n}/register of a course")

    with page.expect_navigation():
        page.get_by_role("link", name="Session 1 register").click()
    assert page.locator("h1").inner_text() == "Register of session 1 of 4"
    accessible(page, "/staff/events/{n}/sessions/{n}/register")
    page.get_by_role("group", name="Ash Parent").get_by_label("Attended").check()
    page.get_by_role("group", name="Bea Parent").get_by_label("Did not attend").check()
    submit(page, "Save the register", expect_status=200)
    assert "Register saved: 2 changes" in success_banner(page).inner_text()
    accessible(page, "/staff/events/{n}/sessions/{n}/register after saving")

    with page.expect_navigation():
        page.get_by_role("link", name="Attendance totals for each person").click()
    totals = page.get_by_role("region", name="Attendance for each person")
    ash = totals.locator("tbody tr", has=page.get_by_role("rowheader", name="Ash Parent"))
    assert "1 of 4 sessions" in ash.inner_text()
    accessible(page, "/staff/events/{n}/attendance")

    # The session still to come cannot be marked yet: its page says so.
    page.goto(f"/staff/events/{event_id}/register")
    with page.expect_navigation():
        page.get_by_role("link", name="Session 2 register").click()
    assert "once this session has started" in page.locator("main").inner_text()
    accessible(page, "/staff/events/{n}/sessions/{n}/register not yet started")


def test_a_booker_turns_reminders_off_in_one_click_from_the_reminders_link(page, live_server, accessible):
    from sqlalchemy import select

    from portal.models import Booking
    from portal.services.events import reminders_off_link

    a_course_under_way(
        live_server, title="Sensory integration (browser journey)", booked=[("Cai", "cai@example.com")]
    )
    with app_session(live_server) as session:
        booking = session.scalar(select(Booking).where(Booking.email == "cai@example.com"))
        path = urlsplit(reminders_off_link(booking)).path
    page.goto(path)
    assert page.locator("h1").inner_text() == "Turn off reminders"
    accessible(page, "/reminders-off/{token}")
    submit(page, "Turn off reminders", expect_status=200)
    assert "Reminders turned off" in page.locator("h1").inner_text()
    accessible(page, "/reminders-off/{token} after turning them off")
    with app_session(live_server) as session:
        assert session.scalar(select(Booking.reminders_off).where(Booking.email == "cai@example.com"))


def test_a_family_turns_reminders_off_and_on_again_from_their_account(page, live_server, sign_in, accessible):
    title = "Therapeutic parenting (browser journey)"
    a_course_under_way(live_server, title=title, booked=[], family=True)
    sign_in(page, FAMILY)
    page.goto("/account")
    bookings = page.get_by_role("table", name="Events you have booked")
    row = bookings.locator("tbody tr", has=page.get_by_role("link", name=title, exact=True))
    assert "Reminders on" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name=f"Turn reminders off for {title}").click()
    assert path_of(page) == "/account"
    assert "Reminders turned off for this booking" in success_banner(page).inner_text()
    accessible(page, "/account after turning reminders off")
    row = page.get_by_role("table", name="Events you have booked").locator(
        "tbody tr", has=page.get_by_role("link", name=title, exact=True)
    )
    with page.expect_navigation():
        row.get_by_role("button", name=f"Turn reminders on for {title}").click()
    assert "Reminders turned on for this booking" in success_banner(page).inner_text()
    leave_the_demo_family_as_it_was(live_server, title)


def leave_the_demo_family_as_it_was(live_server, title: str) -> None:
    """The course has begun, so the family cannot cancel it: the journey's booking is taken away here."""
    from sqlalchemy import select

    from portal.models import Booking, BookingStatus, Event

    with app_session(live_server, write=True) as session:
        booking = session.scalar(select(Booking).join(Event).where(Event.title == title))
        booking.status = BookingStatus.CANCELLED
