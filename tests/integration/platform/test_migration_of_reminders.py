"""0022_session_register moves the reminder already sent for a booking (once
per booking, before its event's first session) into session_reminders, so
upgrading never sends a booker the same reminder twice."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from portal.extensions import db
from tests.conftest import build_app

EVENT = (
    "INSERT INTO events (id, kind, title, description, audience, capacity, venue, created_at, updated_at) "
    "VALUES (1, 'course', 'A course', 'Weekly', 'anyone', 10, 'Hall', :at, :at)"
)
SESSION = "INSERT INTO event_sessions (id, event_id, starts_at, ends_at) VALUES (:id, 1, :starts, :ends)"
BOOKING = (
    "INSERT INTO bookings (id, event_id, full_name, email, status, manage_token_hash, reminder_sent_at, "
    "created_at, updated_at) VALUES (:id, 1, 'Ann', :email, 'booked', :hash, :sent, :at, :at)"
)


def test_a_reminder_sent_before_the_upgrade_is_kept_for_the_first_session_only(tmp_path):
    app = build_app(tmp_path, f"sqlite:///{tmp_path / 'upgrade.db'}")
    with app.app_context():
        flask_migrate.upgrade(revision="0021_import_progress")
        at = "2027-01-01 09:00:00.000000"
        db.session.execute(text(EVENT), {"at": at})
        # Sessions written out of order: the first is the one starting soonest.
        db.session.execute(text(SESSION), {"id": 7, "starts": "2027-01-19 10:00:00.000000", "ends": at})
        db.session.execute(text(SESSION), {"id": 6, "starts": "2027-01-12 10:00:00.000000", "ends": at})
        for booking_id, sent in ((1, "2027-01-10 10:00:00.000000"), (2, None)):
            values = {"id": booking_id, "email": f"p{booking_id}@example.com", "hash": str(booking_id)}
            db.session.execute(text(BOOKING), {**values, "sent": sent, "at": at})
        db.session.commit()

        flask_migrate.upgrade()
        reminders = db.session.execute(text("SELECT booking_id, session_id FROM session_reminders")).all()
        assert reminders == [(1, 6)]
        assert db.session.execute(text("SELECT reminders_off FROM bookings ORDER BY id")).scalars().all() == [
            0,
            0,
        ]
        db.session.commit()
        # And back: the tables go, the column returns (empty).
        flask_migrate.downgrade(revision="0021_import_progress")
        assert db.session.execute(text("SELECT count(reminder_sent_at) FROM bookings")).scalar() == 0
        db.session.remove()
