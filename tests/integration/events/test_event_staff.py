"""Staff run events: create and edit them, keep the register, count who came."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, AuditEvent, Booking, BookingStatus, Event, EventKind, Role
from portal.services import clock, reporting
from portal.services.financial_year import FinancialYear
from tests.support.downloads import csv_rows
from tests.support.factories import BookingFactory, EventFactory, HouseholdFactory, UserFactory
from tests.support.pages import error_summary, get_page, parse
from tests.support.signing_in import sign_in

NEXT_YEAR = clock.today().year + 1


def event_form(**changes) -> dict:
    data = {
        "kind": "stage_one_course",
        "title": "Preparing to adopt",
        "description": "Three days with our social workers and adopters.",
        "audience": "stage_one",
        "capacity": "16",
        "venue": "Gun Wharf, Chatham",
        "online_url": "",
        "session_1_day": f"{NEXT_YEAR}-03-02",
        "session_1_starts": "09:30",
        "session_1_ends": "15:30",
        "session_2_day": f"{NEXT_YEAR}-03-09",
        "session_2_starts": "09:30",
        "session_2_ends": "15:30",
        "session_3_day": f"{NEXT_YEAR}-03-16",
        "session_3_starts": "09:30",
        "session_3_ends": "15:30",
    }
    data.update(changes)
    # Dates as the Day, Month and Year boxes send them.
    for name, value in data.items():
        if name.endswith("_day") and isinstance(value, str):
            data[name] = list(reversed(value.split("-"))) if value else ["", "", ""]
    return data


def typed_day(page, number: int) -> list[str]:
    return [
        page.select_one(f"#session_{number}_day-{part}").get("value") or ""
        for part in ("day", "month", "year")
    ]


def test_staff_create_a_three_day_course_and_edit_it(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    page = get_page(client, "/staff/events/new")
    for field in (
        "title",
        "description",
        "capacity",
        "venue",
        "online_url",
        "session_1_day-day",
        "session_1_day-year",
        "session_3_ends",
    ):
        assert page.select_one(f"label[for={field}]"), field
    legend = page.select_one("#session_1_day-day").find_parent("fieldset").legend
    assert legend.get_text(strip=True) == "Date"
    response = client.post("/staff/events/new", data=event_form())
    event = db.session.scalar(select(Event))
    assert response.headers["Location"] == f"/staff/events/{event.id}/register"
    assert (event.kind, event.audience, event.capacity) == ("stage_one_course", "stage_one", 16)
    # 9:30 in London in March is 9:30 UTC; times are stored in UTC.
    assert [s.starts_at for s in event.sessions] == [
        datetime(NEXT_YEAR, 3, day, 9, 30, tzinfo=UTC) for day in (2, 9, 16)
    ]
    page = get_page(client, f"/staff/events/{event.id}/register")
    assert "Preparing to adopt" in page.text and "Applicants at Stage 1" in page.text

    page = get_page(client, f"/staff/events/{event.id}/edit")
    assert typed_day(page, 3) == ["16", "03", str(NEXT_YEAR)]
    assert typed_day(page, 4) == ["", "", ""]
    client.post(
        f"/staff/events/{event.id}/edit",
        data=event_form(capacity="20", session_2_day="", session_2_starts="", session_2_ends=""),
    )
    db.session.refresh(event)
    assert event.capacity == 20 and len(event.sessions) == 2
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "event")).all()
    assert actions == ["event.created", "event.updated"]


def test_summer_times_are_read_as_london_time(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    client.post(
        "/staff/events/new",
        data=event_form(
            session_1_day=f"{NEXT_YEAR}-07-01",
            session_1_starts="18:30",
            session_1_ends="20:00",
            session_2_day="",
            session_2_starts="",
            session_2_ends="",
            session_3_day="",
            session_3_starts="",
            session_3_ends="",
        ),
    )
    [session] = db.session.scalar(select(Event)).sessions
    assert session.starts_at == datetime(NEXT_YEAR, 7, 1, 17, 30, tzinfo=UTC)


def test_add_another_session_shows_one_more_row_and_saves_nothing(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    response = client.post("/staff/events/new", data={**event_form(), "rows": "3", "add_session": "1"})
    assert response.status_code == 200
    page = parse(response)
    assert page.select_one("#session_4_day-day") and not page.select_one("#session_5_day-day")
    assert typed_day(page, 3) == ["16", "03", str(NEXT_YEAR)]
    assert db.session.scalar(select(Event.id)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"session_1_ends": "09:00"}, "Session 1 must end after it starts"),
        ({"capacity": "0"}, "Places must be between 1 and 1000"),
        ({"capacity": "-3"}, "Places must be between 1 and 1000"),
        ({"capacity": "lots"}, "Enter the number of places, like 20"),
        ({"session_2_day": ["31", "2", "2027"]}, "Date of session 2 must be a real date, like 27 3 2026"),
        ({"session_2_day": ["", "", ""]}, "Enter the date of session 2"),
        ({"session_3_starts": "25:00"}, "Enter the start time of session 3, like 18:30"),
        ({"venue": ""}, "Give a venue or an online link, not both"),
        ({"online_url": "https://meet.example.com/x"}, "Give a venue or an online link, not both"),
        (
            {"venue": "", "online_url": "http://meet.example.com/x"},
            "The online link must start with https://",
        ),
        ({"kind": "party"}, "Not a valid choice."),
    ],
)
def test_bad_event_details_get_a_clear_message_and_nothing_is_saved(client, sign_in_as, changes, message):
    sign_in_as(Role.ADVISOR)
    response = client.post("/staff/events/new", data=event_form(**changes))
    assert response.status_code == 400
    assert message in error_summary(parse(response))
    assert db.session.scalar(select(Event.id)) is None


def test_an_event_needs_at_least_one_session(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    empty = {f"session_{n}_{part}": "" for n in (1, 2, 3) for part in ("day", "starts", "ends")}
    response = client.post("/staff/events/new", data=event_form(**empty))
    assert response.status_code == 400
    assert "Enter the date and times of at least one session" in error_summary(parse(response))


def test_capacity_cannot_drop_below_the_places_taken_and_raising_it_offers_places(client, sign_in_as):
    sign_in_as(Role.MANAGER)
    # At 10:00, so the edit is never held back by the warning for a session at night.
    next_week_at_ten = datetime.combine(clock.today() + timedelta(days=7), time(10, 0), tzinfo=clock.LONDON)
    event = EventFactory(capacity=2, audience=Audience.ANYONE, starts_at=next_week_at_ten)
    BookingFactory.create_batch(2, event=event)
    waiting = BookingFactory(event=event, status=BookingStatus.WAITLISTED, email="waiting@example.com")
    starts = event.sessions[0].starts_at.astimezone(clock.LONDON)
    form = event_form(
        kind="information_event",
        audience="anyone",
        capacity="1",
        session_1_day=starts.date().isoformat(),
        session_1_starts=starts.strftime("%H:%M"),
        session_1_ends=(starts + timedelta(hours=2)).strftime("%H:%M"),
        session_2_day="",
        session_2_starts="",
        session_2_ends="",
        session_3_day="",
        session_3_starts="",
        session_3_ends="",
    )
    response = client.post(f"/staff/events/{event.id}/edit", data=form)
    assert response.status_code == 400
    assert "Capacity cannot be less than the 2 places already taken" in error_summary(parse(response))
    client.post(f"/staff/events/{event.id}/edit", data={**form, "capacity": "3"})
    assert db.session.get(Booking, waiting.id).status == BookingStatus.OFFERED


def test_staff_see_every_event_paged_with_places_and_waiting(client, sign_in_as):
    sign_in_as(Role.SOCIAL_WORKER)
    full = EventFactory(title="Full one", capacity=1, audience=Audience.FAMILIES)
    BookingFactory(event=full)
    BookingFactory(event=full, status=BookingStatus.WAITLISTED)
    page = get_page(client, "/staff/events")
    row = page.select("tbody tr")[0]
    assert "Full one" in row.text and "1 of 1" in row.text and "Adoptive families" in row.text
    for number in range(30):
        EventFactory(starts_at=clock.now().replace(microsecond=0) + timedelta(days=10 + number))
    page = get_page(client, "/staff/events?page=2")
    assert len(page.select("tbody tr")) == 6
    assert "31 events" in page.text


def test_the_register_marks_who_came_and_downloads_as_csv(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    event = EventFactory(title="Information evening")
    came = BookingFactory(event=event, full_name="Ann Came", email="ann@example.com")
    missed = BookingFactory(event=event, full_name="=Bob Missed", email="bob@example.com")
    waiting = BookingFactory(
        event=event, full_name="Cy Waiting", email="cy@example.com", status=BookingStatus.WAITLISTED
    )

    def mark(booking_id, outcome) -> int:
        data = {"booking_id": booking_id, "outcome": outcome}
        return client.post(f"/staff/events/{event.id}/register", data=data).status_code

    page = get_page(client, f"/staff/events/{event.id}/register")
    assert "once the event has started" in page.text and not page.select("input[name=outcome]")
    assert mark(came.id, "attended") == 409

    with time_machine.travel(event.sessions[0].starts_at + timedelta(minutes=30)):
        sign_in(client, advisor)  # a week on, the staff session has timed out
        page = get_page(client, f"/staff/events/{event.id}/register")
        assert len(page.select("input[name=outcome]")) == 4
        assert mark(came.id, "attended") == 302
        assert mark(missed.id, "no_show") == 302
        assert mark(waiting.id, "attended") == 409
        assert mark("x", "attended") == 400
        assert mark(came.id, "maybe") == 400
        assert mark(9999, "attended") == 404

        response = client.get(f"/staff/events/{event.id}/register.csv")
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = csv_rows(response)
        assert rows == [
            ["Name", "Email", "Status"],
            ["Ann Came", "ann@example.com", "Attended"],
            ["'=Bob Missed", "bob@example.com", "Did not attend"],
            ["Cy Waiting", "cy@example.com", "On the waiting list"],
        ]
    marked = select(AuditEvent.summary).where(AuditEvent.action == "booking.attendance_marked")
    assert len(db.session.scalars(marked).all()) == 2


@pytest.mark.parametrize("role", [Role.CONNECTOR, Role.FAMILY, Role.APPLICANT])
def test_people_who_are_not_staff_cannot_reach_the_staff_event_pages(app, role):
    event = EventFactory()
    client = app.test_client()
    sign_in(client, UserFactory(role=role))
    for path in (
        "/staff/events",
        "/staff/events/new",
        f"/staff/events/{event.id}/edit",
        f"/staff/events/{event.id}/register",
        f"/staff/events/{event.id}/register.csv",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post("/staff/events/new", data=event_form()).status_code == 403


def test_unknown_events_are_404_for_staff(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    for path in ("/staff/events/999/edit", "/staff/events/999/register", "/staff/events/999/register.csv"):
        assert client.get(path).status_code == 404, path


def test_information_events_attended_counts_households_that_came(app):
    spring = datetime(NEXT_YEAR, 4, 10, 18, 0, tzinfo=UTC)
    household = HouseholdFactory()
    partner_one = UserFactory(role=Role.APPLICANT, household=household)
    partner_two = UserFactory(role=Role.APPLICANT, household=household)
    first = EventFactory(starts_at=spring)
    second = EventFactory(starts_at=spring + timedelta(days=30))
    # One household, both adults, at two events: counted once.
    BookingFactory(event=first, user=partner_one, status=BookingStatus.ATTENDED)
    BookingFactory(event=second, user=partner_two, status=BookingStatus.ATTENDED)
    # Two people without accounts, one of them at both events.
    BookingFactory(event=first, email="kim@example.com", status=BookingStatus.ATTENDED)
    BookingFactory(event=second, email="kim@example.com", status=BookingStatus.ATTENDED)
    BookingFactory(event=second, email="lee@example.com", status=BookingStatus.ATTENDED)
    # Not counted: no-shows, bookings not yet marked, other kinds of event, outside the dates.
    BookingFactory(event=first, email="noshow@example.com", status=BookingStatus.NO_SHOW)
    BookingFactory(event=first, email="booked@example.com")
    course = EventFactory(starts_at=spring, kind=EventKind.STAGE_ONE_COURSE, audience=Audience.STAGE_ONE)
    BookingFactory(event=course, email="course@example.com", status=BookingStatus.ATTENDED)
    later = EventFactory(starts_at=datetime(NEXT_YEAR + 1, 4, 1, 10, 0, tzinfo=UTC))
    BookingFactory(event=later, email="later@example.com", status=BookingStatus.ATTENDED)

    def attended(year: FinancialYear) -> int:
        return reporting.adopter_journey.figures(year).information_events_attended

    assert attended(FinancialYear(NEXT_YEAR)) == 3
    assert attended(FinancialYear(NEXT_YEAR + 1)) == 1
    # The dates are London dates: an event at 00:30 on 1 April London time is in the next year.
    april_first = EventFactory(starts_at=datetime(NEXT_YEAR + 1, 3, 31, 23, 30, tzinfo=UTC))
    BookingFactory(event=april_first, email="midnight@example.com", status=BookingStatus.ATTENDED)
    assert attended(FinancialYear(NEXT_YEAR)) == 3
    assert attended(FinancialYear(NEXT_YEAR + 1)) == 2


def add_events(count: int) -> None:
    for number in range(count):
        event = EventFactory(session_count=1 + number % 3, capacity=2)
        BookingFactory.create_batch(1 + number % 3, event=event)


def test_the_public_list_of_events_takes_the_same_queries_however_many_rows(client, count_queries):
    add_events(3)
    with_three = count_queries(client, "/events")
    add_events(12)
    assert count_queries(client, "/events") == with_three


def test_the_staff_list_of_events_takes_the_same_queries_however_many_rows(client, sign_in_as, count_queries):
    sign_in_as(Role.ADVISOR)
    add_events(3)
    with_three = count_queries(client, "/staff/events")
    add_events(12)
    assert count_queries(client, "/staff/events") == with_three


def test_the_register_takes_the_same_queries_however_many_bookings(client, sign_in_as, count_queries):
    sign_in_as(Role.ADVISOR)
    event = EventFactory(capacity=50)
    for _ in range(2):
        BookingFactory(event=event, user=UserFactory(role=Role.FAMILY))
    with_two = count_queries(client, f"/staff/events/{event.id}/register")
    for _ in range(8):
        BookingFactory(event=event, user=UserFactory(role=Role.FAMILY))
    assert count_queries(client, f"/staff/events/{event.id}/register") == with_two


@pytest.mark.parametrize(
    ("session", "warning"),
    [
        (
            {"session_1_day": ["25", "12", str(NEXT_YEAR)]},
            f"Session 1 is on a bank holiday (25 December {NEXT_YEAR}).",
        ),
        (
            {"session_1_starts": "01:07", "session_1_ends": "02:00"},
            "Session 1 is at night, outside 07:00 to 22:00.",
        ),
        ({"session_1_day": ["2", "3", str(NEXT_YEAR - 2)]}, "Session 1 is in the past."),
    ],
)
def test_staff_are_warned_about_an_odd_date_or_time_and_can_save_it_anyway(
    client, sign_in_as, session, warning
):
    sign_in_as(Role.ADVISOR)
    one_session = event_form(session_2_day="", session_2_starts="", session_2_ends="", session_3_day="")
    one_session.update({"session_3_starts": "", "session_3_ends": "", **session})
    warned = client.post("/staff/events/new", data=one_session)
    assert warned.status_code == 200
    page = parse(warned)
    assert [w.get_text(" ", strip=True) for w in page.select(".govuk-warning-text__text")] == [
        f"Warning {warning}"
    ]
    assert db.session.scalar(select(Event.id)) is None
    assert page.select_one("input[type=submit][value='Save anyway'], button:-soup-contains('Save anyway')")
    kept = {**one_session, "warned_for": page.select_one("input[name=warned_for]")["value"]}
    assert client.post("/staff/events/new", data=kept).status_code == 302
    assert db.session.scalar(select(Event.id)) is not None


def test_changing_the_sessions_after_a_warning_warns_again(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    night = event_form(session_1_starts="23:00", session_1_ends="23:45")
    warned = parse(client.post("/staff/events/new", data=night))
    moved = {
        **night,
        "session_1_day": ["25", "12", str(NEXT_YEAR)],
        "warned_for": warned.select_one("input[name=warned_for]")["value"],
    }
    again = client.post("/staff/events/new", data=moved)
    assert again.status_code == 200 and "bank holiday" in again.text
    assert db.session.scalar(select(Event.id)) is None
