"""The pre-order and post-order surveys: invitations, anonymous answers and
the results the agency publishes.

    questions          the wording, and the stored version answers count against
    invitations        scheduled, emailed, reminded once; what a household has waiting
    answering          a single-use link, answers stored with nothing that ties them to it
    manager_follow_up  a family asks a team manager to contact them
    sealing            answers join the results in shuffled batches

How answers stay anonymous (see also ``portal/models/surveys.py``):

- An invitation is a single-use link. Answering marks it used (a boolean,
  never a time) and stores the answers under a random id with only the
  reporting month: nothing in the answer tables refers to the invitation,
  household or person.
- The emailed link is redacted from the outbox once sent; the audit log says
  that *a* response arrived; request logs show the route, not the token.
- Answers are held back ("unsealed") until the scheduled job has at least
  :data:`BATCH_MINIMUM` of a kind; it then deletes and re-inserts them under
  new random ids in a shuffled order, in one transaction of its own, so
  neither the row order nor PostgreSQL's transaction ids (``xmin``) tie an
  answer to the request that marked an invitation used. Reports count only
  sealed answers, so figures move in steps of at least five and a change in
  them cannot be pinned on one family.
- The "team manager" answer is moved out of the answers at sealing time into
  a monthly count, so a "yes" followed by contact details cannot point to
  the rest of that person's answers.
- Staff see figures and comments only for periods with at least
  :data:`MINIMUM_SHOWN` responses.
"""

from portal.services.surveys.answering import TEXT_MAX_LENGTH, kind_for_link, submit
from portal.services.surveys.errors import InvalidAnswers, InvalidPeriod, LinkNotValid, NotEnoughResponses
from portal.services.surveys.invitations import (
    SendResult,
    schedule_post_order_invitation,
    schedule_pre_order_invitation,
    send_due_invitations,
    waiting_for_household,
)
from portal.services.surveys.manager_follow_up import manager_follow_ups, request_manager_follow_up
from portal.services.surveys.questions import (
    AGREE_AT_LEAST,
    COMMENT_KEYS,
    MANAGER_KEY,
    PRE_ORDER_STATEMENTS,
    QUESTIONS,
    RECOMMEND_AT_LEAST,
    WORDING,
    Question,
    current_question_set_id,
    questions,
)
from portal.services.surveys.sealing import BATCH_MINIMUM, MINIMUM_SHOWN, seal_responses

__all__ = [
    "AGREE_AT_LEAST",
    "BATCH_MINIMUM",
    "COMMENT_KEYS",
    "MANAGER_KEY",
    "MINIMUM_SHOWN",
    "PRE_ORDER_STATEMENTS",
    "QUESTIONS",
    "RECOMMEND_AT_LEAST",
    "TEXT_MAX_LENGTH",
    "WORDING",
    "InvalidAnswers",
    "InvalidPeriod",
    "LinkNotValid",
    "NotEnoughResponses",
    "Question",
    "SendResult",
    "current_question_set_id",
    "kind_for_link",
    "manager_follow_ups",
    "questions",
    "request_manager_follow_up",
    "schedule_post_order_invitation",
    "schedule_pre_order_invitation",
    "seal_responses",
    "send_due_invitations",
    "submit",
    "waiting_for_household",
]
