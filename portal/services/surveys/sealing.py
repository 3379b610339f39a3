"""Sealing: answers join the results in shuffled batches, so neither row order
nor transaction ids tie an answer to the link that was used.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import (
    QuestionSet,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
    SurveyTally,
)
from portal.services import audit
from portal.services.surveys.answering import store
from portal.services.surveys.questions import QUESTIONS

# Staff see nothing for a period or filter with fewer responses than this.
MINIMUM_SHOWN = 5
# Answers join the results in shuffled batches of at least this many.
BATCH_MINIMUM = 5


def _upsert_tally(kind: SurveyKind, month: str, key: str, value: int, count: int) -> None:
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SurveyTally).values(
        kind=kind, reporting_month=month, question_key=key, value=value, count=count
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["kind", "reporting_month", "question_key", "value"],
            set_={"count": SurveyTally.count + statement.excluded.count},
        )
    )


def seal_responses() -> int:
    """Move unsealed answers into the results, a kind at a time once at least
    BATCH_MINIMUM are waiting: delete them and insert them again under new
    random ids, in a shuffled order, in this job's own transaction. Answers
    kept apart (the team-manager question) become monthly counts. Safe to
    run again or on two hosts at once. Returns how many were sealed."""
    kept_apart = {q.key for questions in QUESTIONS.values() for q in questions if q.kept_apart}
    waiting = db.session.execute(
        select(
            SurveyResponse.id,
            SurveyResponse.question_set_id,
            SurveyResponse.reporting_month,
            QuestionSet.kind,
        )
        .join(QuestionSet, SurveyResponse.question_set_id == QuestionSet.id)
        .where(SurveyResponse.sealed.is_(False))
        .with_for_update(of=SurveyResponse, skip_locked=True)
    ).all()
    by_kind: dict[str, list] = defaultdict(list)
    for row in waiting:
        by_kind[row.kind].append(row)
    shuffler = random.SystemRandom()
    sealed = 0
    for kind, rows in sorted(by_kind.items()):
        if len(rows) < BATCH_MINIMUM:
            continue
        ids = [row.id for row in rows]
        answers: dict[str, dict[str, int | str]] = defaultdict(dict)
        for answer in db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids))):
            value = answer.text if answer.text is not None else answer.value
            if value is not None:
                answers[answer.response_id][answer.question_key] = value
        db.session.execute(
            delete(SurveyAnswer)
            .where(SurveyAnswer.response_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            delete(SurveyResponse)
            .where(SurveyResponse.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        tallies: Counter = Counter()
        shuffler.shuffle(rows)
        for row in rows:
            kept = {k: v for k, v in answers[row.id].items() if k not in kept_apart}
            for key in kept_apart & answers[row.id].keys():
                tallies[(row.reporting_month, key, answers[row.id][key])] += 1
            store(SurveyKind(kind), row.question_set_id, row.reporting_month, kept, sealed=True)
        for (month, key, value), count in sorted(tallies.items()):
            _upsert_tally(SurveyKind(kind), month, key, value, count)
        audit.record(
            actor_id=None,
            action="survey.responses_sealed",
            record_type="survey_response",
            record_id=None,
            summary=f"{len(rows)} {SurveyKind(kind).label.lower()} responses added to the results",
        )
        sealed += len(rows)
    return sealed
