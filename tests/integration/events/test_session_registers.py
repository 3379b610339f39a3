"""A course of several sessions has a register per session: staff mark each
person at each session, see each person's total, and the booking (and so the
annual report) counts the course as attended once any session was."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Booking, BookingStatus, EventKind, Role, SessionAttendance
from portal.services import reporting
from portal.services.financial_year import FinancialYear
from tests.support.downloads import csv_rows
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in

# A Tuesday, 10:00 London time; a 3-week course from then, one session a week.
COURSE_STARTS = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)


def a_course_with_two_people():
    course = EventFactory(
        title="Incredible Years",
        kind=EventKind.COURSE,
        starts_at=COURSE_STARTS,
        session_count=3,
        every=timedelta(weeks=1),
    )
    ann = BookingFactory(event=course, full_name="Ann Parent", email="ann@example.com")
    bob = BookingFactory(event=course, full_name="Bob Parent", email="bob@example.com")
    BookingFactory(
        event=course, full_name="Cy Waiting", email="cy@example.com", status=BookingStatus.WAITLISTED
    )
    return course, ann, bob


def session_path(course, number: int) -> str:
    return f"/staff/events/{course.id}/sessions/{course.sessions[number - 1].id}/register"


def status_of(booking) -> BookingStatus:
    return db.session.scalar(select(Booking.status).where(Booking.id == booking.id))


def test_staff_see_each_session_with_its_weekday_time_and_how_many_are_marked(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    page = get_page(client, f"/staff/events/{course.id}/register")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("table")[0].select("tbody tr")
    ]
    assert rows[0] == ["Session 1 register", "Tuesday 12 January 2027", "10:00am to 12:00pm", "0 of 2"]
    assert rows[2][1] == "Tuesday 26 January 2027"
    # No booking-wide buttons: a course is marked session by session.
    assert not page.select("input[name=outcome]")


def test_staff_mark_a_session_once_it_has_started_and_the_booking_follows(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    page = get_page(client, session_path(course, 1))
    assert "once this session has started" in page.text and not page.select("input[type=radio]")
    refused = client.post(session_path(course, 1), data={f"booking_{ann.id}": "attended"})
    assert refused.status_code == 409
    assert db.session.scalar(select(SessionAttendance.id)) is None

    with time_machine.travel(COURSE_STARTS + timedelta(minutes=20)):
        sign_in(client, advisor)
        page = get_page(client, session_path(course, 1))
        # Only the people with a place are on the register, one pair of radios each.
        assert [legend.get_text(strip=True) for legend in page.select("legend")] == [
            "Ann Parent",
            "Bob Parent",
        ]
        response = client.post(
            session_path(course, 1), data={f"booking_{ann.id}": "attended", f"booking_{bob.id}": "no_show"}
        )
        assert response.status_code == 302
        page = get_page(client, response.headers["Location"])
        assert "Register saved: 2 changes" in page.text
        assert page.select_one(f"#booking_{ann.id}")["value"] == "attended"
        assert page.select_one(f"#booking_{ann.id}").has_attr("checked")
        assert (status_of(ann), status_of(bob)) == (BookingStatus.ATTENDED, BookingStatus.NO_SHOW)
        # Session 2 is a week away: not yet.
        assert client.post(session_path(course, 2), data={f"booking_{bob.id}": "attended"}).status_code == 409

    with time_machine.travel(COURSE_STARTS + timedelta(weeks=1, minutes=5)):
        sign_in(client, advisor)
        client.post(session_path(course, 2), data={f"booking_{bob.id}": "attended"})
        # Bob came to one session of three: he attended the course.
        assert status_of(bob) == BookingStatus.ATTENDED
        client.post(session_path(course, 2), data={f"booking_{bob.id}": "no_show"})
        assert status_of(bob) == BookingStatus.NO_SHOW
        page = get_page(client, f"/staff/events/{course.id}/register")
        assert [
            row.select("td")[3].get_text(strip=True) for row in page.select("table")[0].select("tbody tr")
        ] == [
            "2 of 2",
            "1 of 2",
            "0 of 2",
        ]
    summaries = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action == "booking.session_attendance_marked")
    ).all()
    assert summaries[0] == f"Booking {ann.id} on event {course.id}, session 1: attended"
    assert len(summaries) == 4


def test_a_register_refuses_people_without_a_place_and_answers_that_are_not_choices(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    waiting = db.session.scalar(select(Booking).where(Booking.email == "cy@example.com"))
    other_course = EventFactory(starts_at=COURSE_STARTS, session_count=2)
    with time_machine.travel(COURSE_STARTS + timedelta(minutes=20)):
        sign_in(client, advisor)
        assert client.post(session_path(course, 1), data={f"booking_{ann.id}": "maybe"}).status_code == 400
        # A field for someone not on the register is no field of the form: ignored.
        assert (
            client.post(session_path(course, 1), data={f"booking_{waiting.id}": "attended"}).status_code
            == 302
        )
        assert status_of(waiting) == BookingStatus.WAITLISTED
        wrong_session = f"/staff/events/{course.id}/sessions/{other_course.sessions[0].id}/register"
        assert client.get(wrong_session).status_code == 404
        assert client.get(f"/staff/events/{course.id}/sessions/999999/register").status_code == 404
    assert db.session.scalar(select(SessionAttendance.id)) is None


def test_a_get_of_a_register_never_writes(client, sign_in_as, app):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    with time_machine.travel(COURSE_STARTS + timedelta(minutes=20)):
        sign_in(client, advisor)
        get_page(client, session_path(course, 1) + f"?booking_{ann.id}=attended")
    assert db.session.scalar(select(SessionAttendance.id)) is None
    assert status_of(ann) == BookingStatus.BOOKED


def test_each_persons_total_shows_on_the_page_and_in_the_csv(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    for week, marks in enumerate([("attended", "attended"), ("attended", "no_show")]):
        with time_machine.travel(COURSE_STARTS + timedelta(weeks=week, minutes=5)):
            sign_in(client, advisor)
            data = {f"booking_{ann.id}": marks[0], f"booking_{bob.id}": marks[1]}
            assert client.post(session_path(course, week + 1), data=data).status_code == 302
    sign_in(client, advisor)
    page = get_page(client, f"/staff/events/{course.id}/attendance")
    totals = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in page.select("tbody tr")}
    assert totals == {
        "Ann Parent": "2 of 3 sessions (1 not marked)",
        "Bob Parent": "1 of 3 sessions (1 not marked)",
    }
    rows = csv_rows(client.get(f"/staff/events/{course.id}/register.csv"))
    assert rows[0] == [
        "Name",
        "Email",
        "Status",
        "Session 1 (2027-01-12)",
        "Session 2 (2027-01-19)",
        "Session 3 (2027-01-26)",
        "Sessions attended",
    ]
    assert rows[1] == ["Ann Parent", "ann@example.com", "Attended", "Attended", "Attended", "", "2 of 3"]
    assert rows[2] == [
        "Bob Parent",
        "bob@example.com",
        "Attended",
        "Attended",
        "Did not attend",
        "",
        "1 of 3",
    ]
    assert rows[3] == ["Cy Waiting", "cy@example.com", "On the waiting list"]


def test_an_event_of_one_session_keeps_its_single_register(client, sign_in_as):
    sign_in_as(Role.ADVISOR)
    event = EventFactory()
    BookingFactory(event=event)
    assert (
        client.get(f"/staff/events/{event.id}/attendance").headers["Location"]
        == f"/staff/events/{event.id}/register"
    )
    path = f"/staff/events/{event.id}/sessions/{event.sessions[0].id}/register"
    assert client.get(path).headers["Location"] == f"/staff/events/{event.id}/register"


def test_booking_wide_marking_is_refused_for_a_course(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    with time_machine.travel(COURSE_STARTS + timedelta(minutes=20)):
        sign_in(client, advisor)
        response = client.post(
            f"/staff/events/{course.id}/register", data={"booking_id": ann.id, "outcome": "attended"}
        )
        assert response.status_code == 409
        assert "register of each session" in response.text
    assert status_of(ann) == BookingStatus.BOOKED


def test_the_annual_report_counts_a_course_attended_once_one_session_was(client, sign_in_as):
    advisor = sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    family = UserFactory(role=Role.FAMILY)
    carol = BookingFactory(event=course, user=family)
    with time_machine.travel(COURSE_STARTS + timedelta(weeks=2, minutes=5)):
        sign_in(client, advisor)
        data = {
            f"booking_{ann.id}": "attended",
            f"booking_{bob.id}": "no_show",
            f"booking_{carol.id}": "no_show",
        }
        client.post(session_path(course, 3), data=data)
    figures = reporting.groups_and_courses.figures(FinancialYear(2026))
    # Ann came to the last session only: she attended the course; Bob and Carol did not.
    assert figures[EventKind.COURSE.value] == 1


def test_people_who_are_not_staff_cannot_reach_the_session_registers(app):
    course, ann, bob = a_course_with_two_people()
    client = app.test_client()
    sign_in(client, UserFactory(role=Role.FAMILY))
    for path in (session_path(course, 1), f"/staff/events/{course.id}/attendance"):
        assert client.get(path).status_code == 403
    assert client.post(session_path(course, 1), data={f"booking_{ann.id}": "attended"}).status_code == 403


def test_the_session_registers_take_the_same_queries_however_many_people(client, sign_in_as, count_queries):
    sign_in_as(Role.ADVISOR)
    course, ann, bob = a_course_with_two_people()
    paths = [
        f"/staff/events/{course.id}/register",
        session_path(course, 1),
        f"/staff/events/{course.id}/attendance",
    ]
    before = [count_queries(client, path) for path in paths]
    for _ in range(6):
        BookingFactory(event=course, user=UserFactory(role=Role.FAMILY))
    assert [count_queries(client, path) for path in paths] == before
