from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CatchUpCall, Role, Stage, StageChange, TriageItem
from portal.services import catchup, clock, reporting
from portal.services.financial_year import FinancialYear
from tests.support.emails import emails_to
from tests.support.factories import HouseholdFactory, UserFactory
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


def family_with_order(order_date: date):
    household = HouseholdFactory()
    family = UserFactory(role=Role.FAMILY, household=household)
    db.session.add(
        StageChange(
            household_id=household.id,
            stage=Stage.ADOPTION_ORDER,
            started_on=order_date,
            recorded_at=clock.now(),
        )
    )
    db.session.commit()
    return family


@pytest.mark.parametrize(
    ("order", "frequency", "today", "due"),
    [
        (date(2024, 6, 10), 1, date(2026, 11, 23), date(2027, 6, 10)),
        (date(2024, 6, 10), 2, date(2026, 11, 23), date(2028, 6, 10)),
        (date(2024, 6, 10), 3, date(2026, 11, 23), date(2027, 6, 10)),
        (date(2023, 11, 23), 3, date(2026, 11, 23), date(2026, 11, 23)),  # due today counts
        (date(2024, 2, 29), 1, date(2026, 11, 23), date(2027, 2, 28)),  # leap-day order
        (date(2024, 2, 29), 1, date(2027, 3, 1), date(2028, 2, 29)),  # and on 29 February in leap years
    ],
)
def test_the_next_call_is_the_first_anniversary_by_frequency_on_or_after_today(order, frequency, today, due):
    assert catchup.next_due(order, frequency, today) == due


def test_a_family_opts_in_and_sees_when_the_next_call_is_due(client):
    family = family_with_order(date(2024, 6, 10))
    with time_machine.travel("2026-11-23 10:00 +0000", tick=False):
        sign_in(client, family)
        assert client.post("/catch-up-calls", data={"frequency": "2"}).status_code == 302
        page = get_page(client, "/catch-up-calls")
    assert "Your next catch-up call is due around 10 June 2028" in page.text
    assert page.select_one("input[name=frequency][checked]")["value"] == "2"


def test_changes_and_opting_out_are_audited(client):
    family = family_with_order(date(2024, 6, 10))
    sign_in(client, family)
    client.post("/catch-up-calls", data={"frequency": "1"})
    client.post("/catch-up-calls", data={"frequency": "3"})
    client.post("/catch-up-calls", data={"frequency": "none"})
    summaries = db.session.scalars(
        select(AuditEvent.summary)
        .where(AuditEvent.action == "catch_up.frequency_changed")
        .order_by(AuditEvent.id)
    ).all()
    assert summaries == [
        "Catch-up calls: none to every year",
        "Catch-up calls: every year to every 3 years",
        "Catch-up calls: every 3 years to none",
    ]


def test_a_family_without_an_adoption_order_is_told_when_calls_can_start(client, sign_in_as):
    sign_in_as(Role.FAMILY)
    page = get_page(client, "/catch-up-calls")
    assert "Catch-up calls start after the adoption order is granted" in page.text
    assert not page.select("input[name=frequency]")
    assert client.post("/catch-up-calls", data={"frequency": "1"}).status_code == 400


def test_the_call_enters_the_queue_30_days_before_and_the_family_is_reminded_14_days_before(app):
    family = family_with_order(date(2024, 6, 10))
    catchup.set_frequency(household_id=family.household_id, frequency_years=1, actor_id=family.id)
    db.session.commit()
    runner = app.test_cli_runner()
    with time_machine.travel("2027-05-10 08:00 +0100", tick=False):
        assert "raised 0, reminded 0" in runner.invoke(args=["raise-catch-up-calls"]).output
    with time_machine.travel("2027-05-11 08:00 +0100", tick=False):
        assert "raised 1, reminded 0" in runner.invoke(args=["raise-catch-up-calls"]).output
        assert "raised 0, reminded 0" in runner.invoke(args=["raise-catch-up-calls"]).output
    item = db.session.scalar(select(TriageItem))
    assert (item.kind, item.due_on) == ("catch_up_call", date(2027, 6, 10))
    assert item.due_reason == "Adoption order anniversary (every year from 10 Jun 2024)"
    with time_machine.travel("2027-05-27 08:00 +0100", tick=False):
        assert "raised 0, reminded 1" in runner.invoke(args=["raise-catch-up-calls"]).output
        assert "raised 0, reminded 0" in runner.invoke(args=["raise-catch-up-calls"]).output
    [reminder] = emails_to(family.email)
    assert reminder.subject == "Your catch-up call is coming up"
    assert "10 June 2027" in reminder.body


def test_staff_log_the_call_and_the_next_follows_from_the_frequency(app, client):
    family = family_with_order(date(2024, 6, 10))
    catchup.set_frequency(household_id=family.household_id, frequency_years=2, actor_id=family.id)
    db.session.commit()
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    with time_machine.travel("2026-05-20 09:00 +0100", tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
        call = db.session.scalar(select(CatchUpCall))
        assert call.due_on == date(2026, 6, 10)
        sign_in(client, worker)
        item_page = get_page(client, f"/staff/queue/{call.triage_item_id}")
        assert item_page.find("a", string="Open the catch-up call to log it")["href"] == (
            f"/staff/catch-up-calls/{call.id}"
        )
        client.post(f"/staff/catch-up-calls/{call.id}", data={"outcome": "no_answer"})
        db.session.refresh(call)
        assert (call.attempts, call.completed_on) == (1, None)
        assert db.session.get(TriageItem, call.triage_item_id).status == "in_progress"
        client.post(f"/staff/catch-up-calls/{call.id}", data={"outcome": "held"})
        db.session.refresh(call)
        assert (call.attempts, call.outcome) == (2, "held")
        assert db.session.get(TriageItem, call.triage_item_id).status == "done"
        assert catchup.setting_for(family.household_id).next_due_on == date(2028, 6, 10)
        assert client.post(f"/staff/catch-up-calls/{call.id}", data={"outcome": "held"}).status_code == 400


def test_opting_out_cancels_a_waiting_call(app, client):
    family = family_with_order(date(2024, 6, 10))
    catchup.set_frequency(household_id=family.household_id, frequency_years=1, actor_id=family.id)
    db.session.commit()
    with time_machine.travel("2027-05-20 09:00 +0100", tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
        sign_in(client, family)
        client.post("/catch-up-calls", data={"frequency": "none"})
    item = db.session.scalar(select(TriageItem))
    assert item.status == "cancelled"


def test_catch_up_figures_count_opt_ins_by_frequency_and_calls_due_and_held(app):
    for frequency in (1, 1, 2, 3):
        family = family_with_order(date(2023, 5, 1))
        catchup.set_frequency(household_id=family.household_id, frequency_years=frequency, actor_id=family.id)
    db.session.commit()
    with time_machine.travel("2026-04-05 09:00 +0100", tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
        first_call = db.session.scalars(select(CatchUpCall)).first()
        catchup.log_call(call_id=first_call.id, outcome="held", actor_id=None)
        db.session.commit()
    figures = reporting.catch_up_calls.figures(FinancialYear(2026))
    assert figures.opted_in_by_frequency == {1: 2, 2: 1, 3: 1}
    # Due 1 May 2026: the two yearly households and the 3-yearly one; the
    # 2-yearly household's next call is in 2027.
    assert (figures.due, figures.held) == (3, 1)
