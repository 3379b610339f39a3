import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DatabaseError

from portal.extensions import db
from portal.models import AuditEvent
from portal.services import audit


def test_the_database_refuses_to_change_an_audit_event(app):
    audit.record(actor_id=None, action="test.done", record_type="thing", record_id=1, summary="Done")
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(update(AuditEvent).values(summary="Rewritten"))
    db.session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(delete(AuditEvent))
    db.session.rollback()
    assert db.session.get(AuditEvent, 1).summary == "Done"


def test_an_audit_event_is_written_in_the_same_transaction_as_the_change(app):
    audit.record(actor_id=None, action="test.done", record_type="thing", record_id=1, summary="Done")
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == 0
