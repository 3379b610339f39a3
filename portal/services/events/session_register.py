"""The register of each session of a course (an event of several sessions):
staff mark who came to each session, and see each person's total.

What "attended" means for a course, for the booking and so for the annual
report figures (which count bookings marked attended): a person attended a
course when they attended at least one of its sessions. So the booking's own
status follows from its sessions: attended once any session is marked
attended, "did not attend" once sessions are marked and none attended, and
booked while none is marked. An event of one session keeps its single
register (``register.mark_attendance``), marked on the booking as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Booking, BookingStatus, Event, EventSession, SessionAttendance
from portal.models.events import ON_THE_REGISTER
from portal.services import audit, clock
from portal.services.errors import NotFound
from portal.services.events.admin import get_event
from portal.services.events.errors import CannotChangeBooking
from portal.services.events.places import lock_event


def has_session_registers(event: Event) -> bool:
    return len(event.sessions) > 1


def session_started(session: EventSession) -> bool:
    return session.starts_at <= clock.now()


@dataclass(frozen=True)
class SessionLine:
    """One session in the list of a course's registers."""

    number: int
    session: EventSession
    marked: int


@dataclass(frozen=True)
class RegisterLine:
    """One person on a session's register: attended, did not, or not yet marked."""

    booking: Booking
    attended: bool | None


@dataclass(frozen=True)
class PersonTotal:
    booking: Booking
    attended: int
    marked: int
    sessions: int


def _booked(event_id: int) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status.in_(ON_THE_REGISTER))
            .options(joinedload(Booking.user))
            .order_by(Booking.created_at, Booking.id)
        )
    )


def session_lines(event: Event) -> list[SessionLine]:
    """Each session with how many people are marked on its register."""
    marked = dict(
        db.session.execute(
            select(SessionAttendance.session_id, func.count())
            .join(Booking, Booking.id == SessionAttendance.booking_id)
            .where(
                SessionAttendance.session_id.in_([s.id for s in event.sessions]),
                Booking.status.in_(ON_THE_REGISTER),
            )
            .group_by(SessionAttendance.session_id)
        ).all()
    )
    return [
        SessionLine(number=number, session=session, marked=marked.get(session.id, 0))
        for number, session in enumerate(event.sessions, start=1)
    ]


def session_of(event: Event, session_id: int) -> SessionLine:
    for number, session in enumerate(event.sessions, start=1):
        if session.id == session_id:
            return SessionLine(number=number, session=session, marked=0)
    raise NotFound("There is no such session")


def _marks(booking_ids: list[int], session_ids: list[int]) -> dict[tuple[int, int], SessionAttendance]:
    if not booking_ids or not session_ids:
        return {}
    rows = db.session.scalars(
        select(SessionAttendance).where(
            SessionAttendance.booking_id.in_(booking_ids), SessionAttendance.session_id.in_(session_ids)
        )
    )
    return {(row.booking_id, row.session_id): row for row in rows}


def session_register(*, event_id: int, session_id: int) -> tuple[SessionLine, list[RegisterLine]]:
    """Everyone with a place, and what is marked for them at this session."""
    event = get_event(event_id)
    line = session_of(event, session_id)
    booked = _booked(event_id)
    marks = _marks([b.id for b in booked], [session_id])
    return line, [
        RegisterLine(
            booking=b, attended=marks[(b.id, session_id)].attended if (b.id, session_id) in marks else None
        )
        for b in booked
    ]


def attendance_totals(event: Event) -> list[tuple[PersonTotal, list[bool | None]]]:
    """Each person with a place: their total ("attended 9 of 12 sessions") and
    what is marked for them at each session, in session order."""
    booked = _booked(event.id)
    session_ids = [s.id for s in event.sessions]
    marks = _marks([b.id for b in booked], session_ids)
    totals = []
    for booking in booked:
        each = [
            marks[(booking.id, sid)].attended if (booking.id, sid) in marks else None for sid in session_ids
        ]
        total = PersonTotal(
            booking=booking,
            attended=sum(1 for mark in each if mark),
            marked=sum(1 for mark in each if mark is not None),
            sessions=len(session_ids),
        )
        totals.append((total, each))
    return totals


def _course_status(marks: list[bool]) -> BookingStatus:
    if any(marks):
        return BookingStatus.ATTENDED
    return BookingStatus.NO_SHOW if marks else BookingStatus.BOOKED


def mark_session(*, event_id: int, session_id: int, marks: Mapping[int, bool], actor_id: int) -> int:
    """Record who attended one session (booking id to attended or not; people
    left out stay as they were), under the event's lock, and bring each
    booking's status into line. Returns how many marks changed."""
    event = lock_event(event_id)
    line = session_of(event, session_id)
    if not session_started(line.session):
        raise CannotChangeBooking("You can mark this session's register once it has started")
    booked = {b.id: b for b in _booked(event_id)}
    if any(booking_id not in booked for booking_id in marks):
        raise CannotChangeBooking("Only people with a place can be marked as attended or not")
    existing = _marks(list(marks), [session_id])
    changed = 0
    now = clock.now()
    for booking_id, attended in marks.items():
        row = existing.get((booking_id, session_id))
        if row is not None and row.attended == attended:
            continue
        if row is None:
            db.session.add(
                SessionAttendance(
                    booking_id=booking_id, session_id=session_id, attended=attended, marked_at=now
                )
            )
        else:
            row.attended, row.marked_at = attended, now
        changed += 1
        audit.record(
            actor_id=actor_id,
            action="booking.session_attendance_marked",
            record_type="booking",
            record_id=booking_id,
            summary=f"Booking {booking_id} on event {event.id}, session {line.number}: "
            f"{'attended' if attended else 'did not attend'}",
        )
    db.session.flush()
    _bring_statuses_into_line(event, [booked[booking_id] for booking_id in marks], now)
    return changed


def _bring_statuses_into_line(event: Event, bookings: list[Booking], now) -> None:
    marks = _marks([b.id for b in bookings], [s.id for s in event.sessions])
    for booking in bookings:
        status = _course_status([row.attended for (bid, _), row in marks.items() if bid == booking.id])
        if booking.status != status:
            booking.status = status
            booking.updated_at = now
