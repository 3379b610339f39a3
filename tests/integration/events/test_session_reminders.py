"""A course of several sessions sends a reminder 2 days before each session,
once per session per booking (even when the job runs twice at once), never
for a cancelled booking or a session that has passed, and only when the
booking was made with time for it."""

import threading
import time
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, insert, select

from portal.cli import in_one_transaction
from portal.extensions import db
from portal.models import Booking, BookingStatus, EventKind, OutboxMessage, SessionReminder
from portal.services import clock, events
from portal.services.events.manage_link import manage_link, set_manage_token
from tests.support.emails import emails_to
from tests.support.factories import BookingFactory, EventFactory

COURSE_STARTS = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
BOOKED_ON = COURSE_STARTS - timedelta(days=20)


def run_reminders(app) -> str:
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exception is None, repr(result.exception)
    return result.output


def a_course(email="ann@example.com", full_name="Ann Parent", **booking):
    with time_machine.travel(BOOKED_ON, tick=False):
        course = EventFactory(
            title="Therapeutic parenting",
            kind=EventKind.COURSE,
            starts_at=COURSE_STARTS,
            session_count=3,
            every=timedelta(weeks=1),
        )
        BookingFactory(event=course, full_name=full_name, email=email, **booking)
    return course


def reminders_to(address: str) -> list[OutboxMessage]:
    return [m for m in emails_to(address) if m.template == "booking_reminder"]


def two_days_before(course, number: int, *, plus=timedelta(hours=1)) -> datetime:
    return course.sessions[number - 1].starts_at - timedelta(days=2) + plus


def test_a_reminder_goes_two_days_before_each_session_once(app):
    course = a_course()
    with time_machine.travel(two_days_before(course, 1, plus=-timedelta(minutes=1)), tick=False):
        assert "0 reminders queued" in run_reminders(app)
    with time_machine.travel(two_days_before(course, 1), tick=False):
        assert "1 reminders queued" in run_reminders(app)
        assert "0 reminders queued" in run_reminders(app)
    with time_machine.travel(two_days_before(course, 2), tick=False):
        assert "1 reminders queued" in run_reminders(app)
        assert "0 reminders queued" in run_reminders(app)
    first, second = reminders_to("ann@example.com")
    assert "session 1 of 3, on Tuesday 12 January 2027 from 10:00am to 12:00pm" in first.body
    assert "session 2 of 3, on Tuesday 19 January 2027" in second.body
    assert first.subject == "Reminder: your booking is coming up"


def test_the_reminders_keep_coming_once_the_course_is_under_way_and_marked(app):
    course = a_course()
    db.session.execute(
        db.update(type(course.sessions[0]).metadata.tables["bookings"]).values(status=BookingStatus.ATTENDED)
    )
    db.session.commit()
    with time_machine.travel(two_days_before(course, 3), tick=False):
        assert "1 reminders queued" in run_reminders(app)


def test_no_reminder_for_a_cancelled_booking_or_a_cancelled_event_or_a_past_session(app):
    a_course(status=BookingStatus.CANCELLED)
    cancelled_event = a_course(email="bo@example.com", full_name="Bo")
    cancelled_event.cancelled_at = BOOKED_ON
    waiting = a_course(email="cy@example.com", full_name="Cy", status=BookingStatus.WAITLISTED)
    db.session.commit()
    with time_machine.travel(two_days_before(waiting, 1), tick=False):
        assert "0 reminders queued" in run_reminders(app)
    # Every session over: nothing more to remind anyone of.
    live = a_course(email="di@example.com", full_name="Di")
    with time_machine.travel(live.sessions[-1].starts_at + timedelta(hours=1), tick=False):
        assert "0 reminders queued" in run_reminders(app)


def test_a_session_too_close_when_booked_gets_no_reminder_but_later_sessions_do(app):
    course = a_course()
    with time_machine.travel(COURSE_STARTS - timedelta(days=1), tick=False):
        BookingFactory(event=course, full_name="Late Booker", email="late@example.com")
        run_reminders(app)
        assert reminders_to("late@example.com") == []
        assert len(reminders_to("ann@example.com")) == 1
    with time_machine.travel(two_days_before(course, 2), tick=False):
        run_reminders(app)
    [reminder] = reminders_to("late@example.com")
    assert "session 2 of 3" in reminder.body


def test_an_event_of_one_session_gets_its_one_reminder_as_before(app):
    with time_machine.travel(BOOKED_ON, tick=False):
        event = EventFactory(starts_at=COURSE_STARTS)
        BookingFactory(event=event, full_name="Eve", email="eve@example.com")
    with time_machine.travel(two_days_before(event, 1), tick=False):
        assert "1 reminders queued" in run_reminders(app)
    [reminder] = reminders_to("eve@example.com")
    assert "This is a reminder that you have a place on" in reminder.body


def test_two_reminder_jobs_at_once_send_each_reminder_once(app):
    course = a_course()
    with time_machine.travel(BOOKED_ON, tick=False):
        for number in range(3):
            BookingFactory(event=course, email=f"p{number}@example.com")
    db.session.commit()

    def pause(_conn, _cursor, statement, *_args):
        # Both jobs read what is due before either claims a reminder.
        if statement.lstrip().startswith("SELECT") and "session_reminders" in statement:
            time.sleep(0.3)

    sqlalchemy_event.listen(db.engine, "after_cursor_execute", pause)
    barrier = threading.Barrier(2)
    outputs, errors = [], []

    def job():
        try:
            with time_machine.travel(two_days_before(course, 1), tick=False), app.app_context():
                barrier.wait()
                # As the send-reminders command runs it (click's runner is not thread-safe).
                outputs.append(in_one_transaction(events.send_reminders))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sqlalchemy_event.remove(db.engine, "after_cursor_execute", pause)
    db.session.rollback()
    assert errors == []
    assert sorted(outputs) == [0, 4], outputs
    assert db.session.scalar(select(func.count()).select_from(SessionReminder)) == 4
    queued = select(func.count()).where(OutboxMessage.template == "booking_reminder")
    assert db.session.scalar(queued) == 4


def test_a_reminder_another_host_claimed_after_this_run_read_the_list_is_not_sent_again(app):
    """What PostgreSQL allows (no lock keeps two hosts' runs apart): the other
    host claims the reminder between this run reading what is due and
    sending it. The claim on the unique booking and session decides."""
    course = a_course()
    booking_id = db.session.scalar(select(Booking.id))
    session_id = course.sessions[0].id
    db.session.commit()

    def other_host_claims(conn, _cursor, statement, *_args):
        if statement.lstrip().startswith("SELECT") and "NOT (EXISTS" in statement:
            conn.execute(
                insert(SessionReminder).values(
                    booking_id=booking_id, session_id=session_id, sent_at=clock.now()
                )
            )

    sqlalchemy_event.listen(db.engine, "after_cursor_execute", other_host_claims)
    try:
        with time_machine.travel(two_days_before(course, 1), tick=False):
            assert "0 reminders queued" in run_reminders(app)
    finally:
        sqlalchemy_event.remove(db.engine, "after_cursor_execute", other_host_claims)
    assert reminders_to("ann@example.com") == []


def test_a_booking_moved_to_another_date_gets_the_reminders_of_its_new_sessions(app):
    first = a_course()
    with time_machine.travel(BOOKED_ON, tick=False):
        second = EventFactory(
            title="Therapeutic parenting", kind=EventKind.COURSE, starts_at=COURSE_STARTS, session_count=1
        )
        # The same time, so the reminder the first date already sent would be for the same moment.
        booking = db.session.scalar(select(Booking).where(Booking.event_id == first.id))
        set_manage_token(booking)
        db.session.commit()
    with time_machine.travel(two_days_before(first, 1), tick=False):
        assert "1 reminders queued" in run_reminders(app)
        events.change_date_by_token(token=manage_link(booking).rsplit("/", 1)[1], to_event_id=second.id)
        db.session.commit()
        assert "1 reminders queued" in run_reminders(app)
    assert len(reminders_to("ann@example.com")) == 2
