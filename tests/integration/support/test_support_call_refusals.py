"""What the support-call service itself refuses, in its own words, whoever
calls it (the pages check the same things first): a second open call, an
outcome with nothing agreed, a staff cancellation without a reason; and a
family account with no household."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, SupportCallRequest
from portal.services import support_calls
from portal.services.errors import DomainError
from tests.integration.support.test_support_call_rules import HELD_AT, a_family_asks, book
from tests.integration.support.test_support_calls import ask_for_call
from tests.support.factories import UserFactory
from tests.support.pages import parse
from tests.support.signing_in import sign_in


def test_a_second_call_while_one_is_open_is_refused_naming_the_open_call(client):
    family, _ = a_family_asks(client)
    with pytest.raises(support_calls.CallAlreadyOpen) as refused:
        support_calls.request_call(user_id=family.id, best_times="Evenings", phone="07700 900982", note=None)
    assert str(refused.value) == "You already have a support call open (SUP-2026-00001)"
    assert len(db.session.scalars(select(SupportCallRequest)).all()) == 1


def test_an_outcome_with_nothing_agreed_is_refused(client, other_client):
    _, request = a_family_asks(other_client)
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    book(client, request, HELD_AT, worker)
    with pytest.raises(DomainError) as refused:
        support_calls.record_outcome(
            request_id=request.id, outcome="resolved", agreed="  ", actor_id=worker.id, survey_delay_days=7
        )
    assert str(refused.value) == "Say what you agreed with the family"


def test_staff_cancelling_without_a_reason_are_refused(client):
    _, request = a_family_asks(client)
    advisor = UserFactory(role=Role.ADVISOR)
    with pytest.raises(DomainError) as refused:
        support_calls.cancel(request_id=request.id, actor_id=advisor.id, by_family=False, reason="  ")
    assert str(refused.value) == "Tell the family why the call is cancelled"
    db.session.refresh(request)
    assert request.status == "requested"


def test_a_family_account_with_no_household_is_told_support_calls_are_for_adoptive_families(client):
    sign_in(client, UserFactory(role=Role.FAMILY, household=None))
    response = ask_for_call(client)
    assert response.status_code == 403
    assert "Support calls are for adoptive families" in [p.text.strip() for p in parse(response).select("p")]


def test_another_familys_open_call_never_stops_a_family_asking_for_theirs(client, other_client):
    a_family_asks(other_client)
    family, request = a_family_asks(client)
    assert request.household_id == family.household_id
    assert len(db.session.scalars(select(SupportCallRequest)).all()) == 2
