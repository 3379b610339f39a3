"""Two people taking the last place at the same moment get one place between
them. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

import threading
import time

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, Booking, EventKind, Role
from tests.support.factories import BookingFactory, EventFactory, UserFactory
from tests.support.signing_in import sign_in


@pytest.fixture(autouse=True)
def slow_place_counts(app):
    """Widen the race: pause after reading how many places are taken, so that
    without a lock both attempts would count before either books."""

    def pause(_conn, _cursor, statement, *_args):
        counting_places = statement.lstrip().startswith("SELECT") and "count(" in statement
        if counting_places and "FROM bookings" in statement:
            time.sleep(0.3)

    sqlalchemy_event.listen(db.engine, "after_cursor_execute", pause)
    yield
    sqlalchemy_event.remove(db.engine, "after_cursor_execute", pause)


def race(app, attempts) -> list[int]:
    """Run each attempt in its own thread and app context, all starting together."""
    barrier = threading.Barrier(len(attempts))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(attempt):
        try:
            with app.app_context():
                client = attempt["client"]
                barrier.wait()
                statuses.append(client.post(attempt["path"], data=attempt.get("data", {})).status_code)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # End the test's own read transaction: on SQLite it would still see the
    # database as it was before the threads wrote.
    db.session.rollback()
    return statuses


def test_two_visitors_taking_the_last_place_at_once_get_one_place_between_them(app):
    event = EventFactory(capacity=1)
    attempts = [
        {
            "client": app.test_client(),
            "path": f"/events/{event.id}",
            "data": {"full_name": f"Person {n}", "email": f"person{n}@example.com"},
        }
        for n in range(2)
    ]
    assert race(app, attempts) == [302, 302]
    statuses = sorted(db.session.scalars(select(Booking.status)).all())
    assert statuses == ["booked", "waitlisted"]


def test_two_families_taking_the_last_place_at_once_get_one_place_between_them(app):
    event = EventFactory(capacity=1, kind=EventKind.SUPPORT_GROUP, audience=Audience.FAMILIES)
    attempts = []
    for _ in range(2):
        client = app.test_client()
        sign_in(client, UserFactory(role=Role.FAMILY))
        attempts.append({"client": client, "path": f"/events/{event.id}"})
    assert race(app, attempts) == [302, 302]
    statuses = sorted(db.session.scalars(select(Booking.status)).all())
    assert statuses == ["booked", "waitlisted"]


def test_one_person_clicking_twice_at_once_gets_one_booking(app):
    event = EventFactory(capacity=5, audience=Audience.FAMILIES, kind=EventKind.STAY_AND_PLAY)
    client = app.test_client()
    sign_in(client, UserFactory(role=Role.FAMILY))
    attempts = [{"client": client, "path": f"/events/{event.id}"} for _ in range(2)]
    assert race(app, attempts) == [302, 302]
    assert db.session.scalars(select(Booking.status)).all() == ["booked"]


def test_two_families_moving_into_the_last_place_at_once_get_one_place_between_them(app):
    first = EventFactory(capacity=5, kind=EventKind.SUPPORT_GROUP, audience=Audience.FAMILIES)
    last_place = EventFactory(capacity=1, kind=EventKind.SUPPORT_GROUP, audience=Audience.FAMILIES)
    attempts = []
    for _ in range(2):
        family = UserFactory(role=Role.FAMILY)
        booking = BookingFactory(event=first, user=family)
        db.session.commit()
        client = app.test_client()
        sign_in(client, family)
        attempts.append(
            {
                "client": client,
                "path": f"/account/bookings/{booking.id}/change-date?next=/account",
                "data": {"event_id": str(last_place.id)},
            }
        )
    assert sorted(race(app, attempts)) == [302, 409], "one moves; the other is told the date is full"
    events_booked = sorted(db.session.scalars(select(Booking.event_id)).all())
    assert events_booked == [first.id, last_place.id]
