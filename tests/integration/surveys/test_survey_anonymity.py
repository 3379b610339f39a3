"""Anonymity in the database, not just in the pages: after families answer
through the web, nothing in the answer tables can be joined to invitations,
households, people, the outbox or the audit log."""

import hashlib
import re
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import select, text

from portal.database import writing
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage, SurveyKind
from portal.services import surveys
from portal.services.email import REDACTED_BODY, deliver_pending
from tests.integration.surveys.survey_helpers import POST_ORDER_ANSWERS, PRE_ORDER_ANSWERS, seal, sent_link

RESPONSE_TABLES = ("survey_responses", "survey_answers", "survey_tallies")
PERSONAL_TABLES = ("survey_invitations", "households", "users", "outbox_messages", "audit_events")
SURVEY_TABLES = {"survey_responses", "survey_question_sets"}
MONTH = re.compile(r"^\d{4}-\d{2}$")


class Transport:
    def send(self, message):
        pass


def rows(table: str) -> list[dict]:
    return [dict(row) for row in db.session.execute(text(f"SELECT * FROM {table}")).mappings()]


def traces(value) -> set[str]:
    """The ways a value could be written down elsewhere."""
    if value is None or isinstance(value, bool):
        return set()
    if isinstance(value, datetime):
        return {
            str(value),
            value.isoformat(),
            str(value.replace(tzinfo=None)),
            value.replace(tzinfo=None).isoformat(),
            value.strftime("%Y-%m-%d %H:%M"),
        }
    if isinstance(value, date):
        return {str(value)}
    return {str(value)}


def answer_everything(client, other_client) -> list[str]:
    links = [sent_link(SurveyKind.PRE_ORDER) for _ in range(5)] + [
        sent_link(SurveyKind.POST_ORDER) for _ in range(5)
    ]
    with writing():
        deliver_pending(transport=Transport())
    for number, link in enumerate(links):
        browser = client if number % 2 else other_client
        if "q1_call_rating" in browser.get(link).get_data(as_text=True):
            answers = {
                **POST_ORDER_ANSWERS,
                "comments": f"Comment {number}",
                "q4_manager_contact": str(number % 2),
            }
        else:
            answers = {**PRE_ORDER_ANSWERS, "worked_well": f"Comment {number}"}
        assert browser.post(link, data=answers).status_code == 302
        if answers.get("q4_manager_contact") == "1":
            browser.post(
                "/surveys/manager-contact", data={"name": f"Parent {number}", "phone": "07700 900123"}
            )
    return [link.rsplit("/", 1)[1] for link in links]


def test_no_column_of_the_answer_tables_can_be_joined_to_people(client, other_client):
    tokens = answer_everything(client, other_client)
    unsealed_ids = {row["id"] for row in rows("survey_responses")}
    assert seal() == 10
    answers = {table: rows(table) for table in RESPONSE_TABLES}
    assert len(answers["survey_responses"]) == 10

    # The schema: no foreign key leaves the survey tables, and no column holds a time.
    inspector = sa.inspect(db.engine)
    for table in RESPONSE_TABLES:
        for key in inspector.get_foreign_keys(table):
            assert key["referred_table"] in SURVEY_TABLES, (table, key)
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], sa.DateTime | sa.Date), (table, column["name"])

    # Everything someone holding the database, the outbox and the audit log could match against.
    known: set[str] = set(tokens) | {hashlib.sha256(t.encode()).hexdigest() for t in tokens}
    texts: list[str] = []
    for table in PERSONAL_TABLES:
        for row in rows(table):
            for value in row.values():
                known |= traces(value)
                if isinstance(value, str):
                    texts.append(value)
    for token in tokens:
        assert not any(token in value for value in texts), "a survey token was kept"

    # Each response: a new random id (sealing replaced those written when answered), its month, nothing else.
    question_sets = {row["id"] for row in rows("survey_question_sets")}
    for response in answers["survey_responses"]:
        assert set(response) == {"id", "question_set_id", "reporting_month", "sealed"}
        assert uuid.UUID(response["id"]).version == 4
        assert response["id"] not in known and response["id"] not in unsealed_ids
        assert not any(response["id"] in value for value in texts)
        assert MONTH.match(response["reporting_month"])
        assert response["question_set_id"] in question_sets
    # A question set is shared by every response to that wording: it identifies no one.
    assert len({r["question_set_id"] for r in answers["survey_responses"]}) == 2

    response_ids = {r["id"] for r in answers["survey_responses"]}
    keys = {q.key for questions in surveys.QUESTIONS.values() for q in questions}
    typed = {f"Comment {n}" for n in range(10)} | {"Our social worker was always there."}
    for answer in answers["survey_answers"]:
        assert set(answer) == {"response_id", "question_key", "value", "text"}
        assert answer["response_id"] in response_ids
        assert answer["question_key"] in keys and answer["question_key"] != surveys.MANAGER_KEY
        assert (answer["value"] is None and answer["text"] in typed) or 0 <= answer["value"] <= 10
    for tally in answers["survey_tallies"]:
        assert set(tally) == {"kind", "reporting_month", "question_key", "value", "count"}
        assert MONTH.match(tally["reporting_month"]) and tally["question_key"] == surveys.MANAGER_KEY
    assert sorted((t["value"], t["count"]) for t in answers["survey_tallies"]) == [(0, 2), (1, 3)]

    # The audit log says that answers arrived, and nothing more.
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "survey_response")).all()
    assert {e.action for e in events} == {"survey.response_received", "survey.responses_sealed"}
    assert all(e.record_id is None and e.actor_id is None for e in events)
    # The emailed links are gone from the outbox.
    bodies = db.session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.template == "survey_invitation")
    )
    assert set(bodies) == {REDACTED_BODY}


def test_the_database_keeps_no_hidden_order_or_transaction_that_links_them(client, other_client):
    answer_everything(client, other_client)
    seal()
    if db.engine.dialect.name == "sqlite":
        for table in RESPONSE_TABLES:
            sql = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table})
            assert "WITHOUT ROWID" in sql, table
    else:
        # PostgreSQL stamps each row with the transaction that wrote it (xmin).
        # Sealing re-wrote the answers in a transaction of their own.
        def xmins(table: str) -> set[str]:
            return set(db.session.scalars(text(f"SELECT xmin::text FROM {table}")))

        sealing = set(
            db.session.scalars(
                text("SELECT xmin::text FROM audit_events WHERE action = 'survey.responses_sealed'")
            )
        )
        answering = set(
            db.session.scalars(
                text("SELECT xmin::text FROM audit_events WHERE action = 'survey.response_received'")
            )
        )
        assert len(answering) == 10 and not sealing & answering
        for table in RESPONSE_TABLES:
            assert xmins(table) <= sealing, table
        assert not sealing & xmins("survey_invitations")
