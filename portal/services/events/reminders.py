"""The reminder emailed before each session of an event, 2 days before it,
to everyone with a place who has not turned reminders off.

A reminder is sent only when the booking was made with time for it (more
than the 2 days before the session: the confirmation promised it), and once
per session per booking: its row in ``session_reminders`` is claimed first
(INSERT ... ON CONFLICT DO NOTHING on the unique booking and session), so two
runs at once, on one host or two, send it once between them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import contains_eager

from portal.extensions import db
from portal.models import Booking, Event, EventSession, SessionReminder
from portal.models.events import ON_THE_REGISTER
from portal.services import audit, clock
from portal.services.events.emails import email_booker
from portal.services.events.places import REMINDER_DAYS


def _claim(booking: Booking, session: EventSession, now) -> bool:
    """Take the reminder for this booking and session; False if another run has."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    claimed = db.session.execute(
        insert(SessionReminder)
        .values(booking_id=booking.id, session_id=session.id, sent_at=now)
        .on_conflict_do_nothing(index_elements=["booking_id", "session_id"])
        .returning(SessionReminder.id)
    ).scalar()
    return claimed is not None


def send_reminders() -> int:
    """Queue the reminders due now; returns how many. Safe to run twice, or on
    two hosts at once."""
    now = clock.now()
    lead = timedelta(days=REMINDER_DAYS)
    already_sent = exists().where(
        SessionReminder.booking_id == Booking.id, SessionReminder.session_id == EventSession.id
    )
    due = db.session.execute(
        select(Booking, EventSession)
        .join(Event, Event.id == Booking.event_id)
        .join(EventSession, EventSession.event_id == Event.id)
        .where(
            Booking.status.in_(ON_THE_REGISTER),
            Booking.reminders_off.is_(False),
            Event.cancelled_at.is_(None),
            EventSession.starts_at > now,
            EventSession.starts_at <= now + lead,
            ~already_sent,
        )
        .options(contains_eager(Booking.event))
        .order_by(EventSession.starts_at, Booking.id)
    ).all()
    sent = 0
    for booking, session in due:
        if booking.created_at > session.starts_at - lead or not _claim(booking, session, now):
            continue
        audit.record(
            actor_id=None,
            action="booking.reminder_sent",
            record_type="booking",
            record_id=booking.id,
            summary=f"Reminder sent for booking {booking.id}, session {session.id}",
        )
        email_booker(booking, "booking_reminder", session=session)
        sent += 1
    return sent
