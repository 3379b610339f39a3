"""When the database goes away, people see a plain "service unavailable" page
(503), the load balancer's health check says so, and nothing is half-written."""

from __future__ import annotations

import contextlib
import os

from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.models import AuditEvent, InformationPackRequest, OutboxMessage, TriageItem
from tests.conftest import POSTGRES_URL, PortalClient, build_app
from tests.support.factories import CouncilFactory, UserFactory
from tests.support.pages import parse
from tests.support.signing_in import sign_in


@contextlib.contextmanager
def database_drops_out(when):
    """The connection is lost at the first statement for which ``when(sql)``
    holds, and for every statement after it, as when a server restarts."""
    dropped = False

    def _before(conn, cursor, statement, parameters, context, executemany):
        nonlocal dropped
        if dropped or when(statement):
            dropped = True
            lost = ConnectionResetError("server closed the connection")
            raise OperationalError(statement, parameters, lost)

    event.listen(db.engine, "before_cursor_execute", _before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", _before)


def test_a_page_asked_for_while_the_database_is_down_says_the_service_is_unavailable(client):
    with database_drops_out(lambda sql: True):
        response = client.get("/events")
    assert response.status_code == 503
    page = parse(response)
    assert page.h1.text.strip() == "Sorry, the service is unavailable"
    assert "What you saved before is safe" in page.text


def test_a_signed_in_person_gets_the_same_page_when_the_database_goes_away(client):
    sign_in(client, UserFactory(role="advisor"))
    with database_drops_out(lambda sql: True):
        response = client.get("/staff/queue")
    assert response.status_code == 503
    assert parse(response).h1.text.strip() == "Sorry, the service is unavailable"


def test_the_health_check_tells_the_load_balancer_the_database_is_unreachable(client):
    with database_drops_out(lambda sql: True):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/healthz").status_code == 200


def test_a_request_cut_off_half_way_through_saves_nothing(client):
    kent = CouncilFactory(name="Kent")
    form = {
        "full_name": "Robin Enquirer",
        "email": "robin@example.com",
        "postcode": "ME4 4TR",
        "council": str(kent.id),
        "heard_about": "friend",
        "consent": "yes",
        "phone": "07700 900123",
        "best_times": "Weekday evenings",
    }
    # The request row and its triage item are written; the email is not.
    with database_drops_out(lambda sql: sql.lstrip().upper().startswith("INSERT INTO OUTBOX_MESSAGES")):
        response = client.post("/information-pack", data=form)
    assert response.status_code == 503
    for model in (InformationPackRequest, TriageItem, OutboxMessage, AuditEvent):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__

    assert client.post("/information-pack", data=form).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(InformationPackRequest)) == 1


def test_a_site_whose_database_cannot_be_reached_at_all_answers_503_not_500(tmp_path):
    if POSTGRES_URL:
        unreachable = POSTGRES_URL.rsplit("/", 1)[0] + "/no_such_database_" + str(os.getpid())
    else:
        unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.db'}"
    app = build_app(tmp_path, unreachable)
    app.test_client_class = PortalClient
    with app.app_context():
        client = app.test_client()
        for path in ("/events", "/information-pack"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert parse(response).h1.text.strip() == "Sorry, the service is unavailable"
        assert client.get("/healthz").status_code == 503
        db.session.remove()
        db.engine.dispose()


def test_after_a_database_restart_the_next_page_loads_as_usual(client):
    """docs/deployment.md: pooled connections the restart cut are replaced
    quietly (pool_pre_ping), so nobody sees a 503 for them."""
    db.session.remove()
    db.engine.dispose()
    with db.engine.connect() as connection:
        cut = connection.connection.dbapi_connection
    # The one pooled connection dies while idle, as a server restart leaves it.
    cut.close()
    response = client.get("/events")
    assert response.status_code == 200
