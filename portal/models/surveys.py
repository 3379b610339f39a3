"""The pre-order and post-order surveys: the question sets, the invitations
sent to families, and the anonymous answers.

Anonymity is a property of this schema, not of the pages. The answer tables
(``survey_responses``, ``survey_answers``, ``survey_tallies``) hold no
reference to an invitation, household or person, no time finer than the
reporting month, and only random identifiers; on SQLite they are WITHOUT
ROWID tables, so not even the hidden row number records the order in which
answers arrived. An invitation records only *that* it was used.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import Household, User
from portal.models.base import Base, EnumText, LabelledEnum
from portal.models.triage import TriageItem


class SurveyKind(LabelledEnum):
    PRE_ORDER = "pre_order", "Pre-order survey"
    POST_ORDER = "post_order", "Post-order survey"


class AnswerType(LabelledEnum):
    # 1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree.
    AGREEMENT = "agreement"
    # 0 to 10.
    ZERO_TO_TEN = "zero_to_ten"
    # 1 to 5, or 0 for "I did not have one" (left out of averages).
    RATING_OR_NONE = "rating_or_none"
    # 1 yes, 0 no.
    YES_NO = "yes_no"
    TEXT = "text"


class QuestionSet(Base):
    """One version of a survey's wording. A change of wording makes a new
    version; answers keep each question's stable key, and reports compare by
    key across versions."""

    __tablename__ = "survey_question_sets"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(EnumText(SurveyKind, 20))
    version: Mapped[int]
    # A hash of the keys, wordings and answer types: the same wording is the same version.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]

    questions: Mapped[list[SurveyQuestion]] = relationship(order_by="SurveyQuestion.position")


class SurveyQuestion(Base):
    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("question_set_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("survey_question_sets.id"))
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int]
    wording: Mapped[str] = mapped_column(Text)
    answer_type: Mapped[AnswerType] = mapped_column(EnumText(AnswerType, 20))


class SurveyInvitation(Base):
    """An emailed, single-use link to a survey. Only the hash of the link's
    token is kept, and nothing says when it was used."""

    __tablename__ = "survey_invitations"
    __table_args__ = (
        Index("ix_survey_invitations_household_kind", "household_id", "kind"),
        Index("ix_survey_invitations_send_after", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(EnumText(SurveyKind, 20))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    send_after: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    reminder_after: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    # That it was used, never when.
    used: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)

    household: Mapped[Household] = relationship()


class SurveyResponse(Base):
    """One family's answers: a random id, the wording they saw and the month."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_sealed_month", "sealed", "reporting_month"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    question_set_id: Mapped[int] = mapped_column(ForeignKey("survey_question_sets.id"))
    # 'YYYY-MM' in London: no finer time is kept.
    reporting_month: Mapped[str] = mapped_column(String(7))
    # False until the scheduled job has re-written it, with others, in a
    # shuffled batch (see services/surveys/sealing.py). Reports count only sealed ones.
    sealed: Mapped[bool] = mapped_column(default=False)

    question_set: Mapped[QuestionSet] = relationship()


class SurveyAnswer(Base):
    __tablename__ = "survey_answers"
    __table_args__ = {"sqlite_with_rowid": False}

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_responses.id"), primary_key=True)
    question_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)


class SurveyTally(Base):
    """Counts kept apart from the answers: how many said "yes" to a team
    manager contacting them, per month, so that a "yes" followed by contact
    details cannot point to the rest of that person's answers."""

    __tablename__ = "survey_tallies"
    __table_args__ = {"sqlite_with_rowid": False}

    kind: Mapped[SurveyKind] = mapped_column(EnumText(SurveyKind, 20), primary_key=True)
    reporting_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    question_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class ManagerFollowUpRequest(Base):
    """Contact details someone chose to give after asking for a team manager
    to contact them. Linked to the queue item, never to survey answers."""

    __tablename__ = "manager_follow_up_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    triage_item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(320))
    best_time: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]

    triage_item: Mapped[TriageItem] = relationship(lazy="joined")


class PublishedSurveyPeriod(Base):
    """A past period's pre-order figures as the agency printed them, so the
    first year on the portal compares with the last printed report."""

    __tablename__ = "published_survey_periods"
    __table_args__ = (UniqueConstraint("kind", "period_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(EnumText(SurveyKind, 20))
    period_label: Mapped[str] = mapped_column(String(20))
    respondents: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime]

    entered_by: Mapped[User | None] = relationship()
    figures: Mapped[list[PublishedSurveyFigure]] = relationship(
        back_populates="period", cascade="all, delete-orphan"
    )


class PublishedSurveyFigure(Base):
    __tablename__ = "published_survey_figures"
    __table_args__ = (UniqueConstraint("period_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("published_survey_periods.id"))
    question_key: Mapped[str] = mapped_column(String(60))
    percentage: Mapped[int]

    period: Mapped[PublishedSurveyPeriod] = relationship(back_populates="figures")
