"""Demo events for ``flask seed-demo``: information events online and in
person, preparation courses, a support group and families' courses, with some
bookings and one full event with a waiting list. Idempotent."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Audience, Booking, BookingStatus, Event, EventKind, EventSession, User
from portal.services import clock, events

FIRST_TITLE = "Thinking about adopting? Online information evening"


def _london(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    day = clock.today() + timedelta(days=days_ahead)
    return clock.london_to_utc(day, time(hour, minute))


def _sessions(first_day: int, count: int, every_days: int, start: tuple[int, int], hours: float):
    sessions = []
    for number in range(count):
        starts_at = _london(first_day + number * every_days, *start)
        sessions.append(EventSession(starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)))
    return sessions


# (kind, title, description, audience, capacity, venue, online link, sessions)
EVENTS = [
    (
        EventKind.INFORMATION_EVENT,
        FIRST_TITLE,
        "Meet our team and adopters, hear what adopting involves and ask anything.",
        Audience.ANYONE,
        40,
        None,
        "https://meet.demo.adoption-portal.example/information-evening",
        lambda: _sessions(10, 1, 0, (18, 30), 1.5),
    ),
    (
        EventKind.INFORMATION_EVENT,
        "Information morning in Maidstone",
        "Come along in person to find out about adopting with us. Tea and coffee provided.",
        Audience.ANYONE,
        3,
        "Maidstone Community Hub, Lockmeadow, Maidstone ME16 8RG",
        None,
        lambda: _sessions(24, 1, 0, (10, 0), 2),
    ),
    (
        EventKind.STAGE_ONE_COURSE,
        "Stage 1 preparation course",
        "Three days that prepare you for adoption: children's needs, attachment and contact.",
        Audience.STAGE_ONE,
        16,
        "Gun Wharf, Dock Road, Chatham ME4 4TR",
        None,
        lambda: _sessions(14, 3, 1, (9, 30), 6),
    ),
    (
        EventKind.STAGE_TWO_PREPARATION,
        "Stage 2 preparation day",
        "Life after approval: matching, introductions and the first months together.",
        Audience.STAGE_TWO,
        12,
        "Civic Offices, Broadway, Bexleyheath DA6 7AT",
        None,
        lambda: _sessions(30, 1, 0, (9, 30), 6),
    ),
    (
        EventKind.SUPPORT_GROUP,
        "Monthly support group",
        "An informal morning with other adoptive parents. Children under 5 welcome.",
        Audience.FAMILIES,
        20,
        "Sessions House, County Road, Maidstone ME14 1XQ",
        None,
        lambda: _sessions(12, 1, 0, (10, 0), 2),
    ),
    (
        EventKind.COURSE,
        "Incredible Years parenting course",
        "Twelve weekly sessions on play, praise, boundaries and calm.",
        Audience.FAMILIES,
        12,
        None,
        "https://meet.demo.adoption-portal.example/incredible-years",
        lambda: _sessions(21, 12, 7, (10, 0), 2),
    ),
    (
        EventKind.COURSE,
        "Life story workshop",
        "Two days on telling your child's story, with a life story book to take away.",
        Audience.FAMILIES,
        10,
        "Civic Offices, Broadway, Bexleyheath DA6 7AT",
        None,
        lambda: _sessions(35, 2, 1, (9, 30), 5.5),
    ),
]

# People without accounts booked on the in-person information morning, which
# is full: the last two are on its waiting list.
VISITORS = [
    ("Sam Carter", "sam.carter@demo.adoption-portal.example"),
    ("Alex Morgan", "alex.morgan@demo.adoption-portal.example"),
    ("Jo Bennett", "jo.bennett@demo.adoption-portal.example"),
    ("Chris Patel", "chris.patel@demo.adoption-portal.example"),
    ("Dee Walsh", "dee.walsh@demo.adoption-portal.example"),
]

# (demo user's email, event title)
USER_BOOKINGS = [
    ("applicant@demo.adoption-portal.example", "Stage 1 preparation course"),
    ("family@demo.adoption-portal.example", "Monthly support group"),
    ("family@demo.adoption-portal.example", "Incredible Years parenting course"),
    ("family.kent@demo.adoption-portal.example", "Life story workshop"),
]


def _book(event: Event, *, status: BookingStatus, user: User | None = None, name=None, email=None) -> None:
    now = clock.now()
    booking = Booking(
        event=event,
        user=user,
        household_id=user.household_id if user is not None else None,
        full_name=name,
        email=email,
        status=status,
        manage_token_hash=secrets.token_hex(32),
        created_at=now,
        updated_at=now,
    )
    db.session.add(booking)
    db.session.flush()
    events.set_manage_token(booking)


def seed_events() -> None:
    if db.session.scalar(select(Event.id).where(Event.title == FIRST_TITLE)) is not None:
        return
    now = clock.now()
    made: dict[str, Event] = {}
    for kind, title, description, audience, capacity, venue, online_url, sessions in EVENTS:
        event = Event(
            kind=kind,
            title=title,
            description=description,
            audience=audience,
            capacity=capacity,
            venue=venue,
            online_url=online_url,
            created_at=now,
            updated_at=now,
            sessions=sessions(),
        )
        db.session.add(event)
        made[title] = event
    db.session.flush()

    full = made["Information morning in Maidstone"]
    for number, (name, email) in enumerate(VISITORS):
        status = BookingStatus.BOOKED if number < full.capacity else BookingStatus.WAITLISTED
        _book(full, status=status, name=name, email=email)
    for email, title in USER_BOOKINGS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            _book(made[title], status=BookingStatus.BOOKED, user=user)
