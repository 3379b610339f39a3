"""What the daily catch-up job raises, for whom, and what it leaves alone:
the queue item a family's call gets, a call already held or waiting, and a
cancelled call of the same or another family."""

import logging
from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import CatchUpCall, TriageItem
from portal.services import catchup
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.integration.support.test_catch_up_job import (
    IN_THE_WINDOW,
    ORDER,
    open_catch_up_items,
    opt,
    run_job,
    waiting_calls,
)
from tests.support.emails import emails_to, link_in


def errors_logged(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_raised_call_is_a_catch_up_call_item_under_the_familys_council(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
    [item] = open_catch_up_items(family.household_id)
    assert (item.title, item.council_id) == ("Catch-up call", family.household.council_id)


def test_running_the_job_again_while_a_call_waits_raises_nothing_and_logs_no_error(app, caplog):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False), caplog.at_level(logging.ERROR):
        run_job(app)
        assert "raised 0" in run_job(app)
    assert errors_logged(caplog) == []
    assert len(waiting_calls(family.household_id)) == 1


def test_a_call_held_before_its_date_is_not_raised_again_and_logs_no_error(app, caplog):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False), caplog.at_level(logging.ERROR):
        run_job(app)
        [call] = waiting_calls(family.household_id)
        catchup.log_call(call_id=call.id, outcome="held", actor_id=None)
        db.session.commit()
        assert "raised 0" in run_job(app)
    assert errors_logged(caplog) == []
    assert db.session.scalars(select(CatchUpCall.due_on)).all() == [date(2027, 6, 10)]


def test_a_family_opting_in_never_takes_over_another_familys_cancelled_call_on_the_same_date(app):
    opted_out = family_with_order(ORDER)
    opt(opted_out, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
        opt(opted_out, None)
        newcomer = family_with_order(ORDER)
        opt(newcomer, 1)
        assert "raised 1" in run_job(app)
    assert waiting_calls(opted_out.household_id) == []
    [call] = waiting_calls(newcomer.household_id)
    assert db.session.get(TriageItem, call.triage_item_id).household_id == newcomer.household_id


def test_a_family_back_a_year_after_opting_out_gets_a_call_on_the_new_anniversary(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
        opt(family, None)
    with time_machine.travel("2028-05-20 09:00 +0100", tick=False):
        opt(family, 1)
        assert "raised 1" in run_job(app)
    [call] = waiting_calls(family.household_id)
    assert call.due_on == date(2028, 6, 10)
    assert db.session.get(TriageItem, call.triage_item_id).due_on == date(2028, 6, 10)


def test_the_reminder_links_to_where_the_family_changes_or_stops_their_calls(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel("2027-05-29 09:00 +0100", tick=False):
        assert "reminded 1" in run_job(app)
    [reminder] = emails_to(family.email)
    assert link_in(reminder) == "/catch-up-calls"


def test_a_call_held_early_sends_no_reminder(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):  # 21 days before
        run_job(app)
        [call] = waiting_calls(family.household_id)
        catchup.log_call(call_id=call.id, outcome="held", actor_id=None)
        db.session.commit()
    with time_machine.travel("2027-05-29 09:00 +0100", tick=False):  # 12 days before
        assert "reminded 0" in run_job(app)
    assert emails_to(family.email) == []


def test_a_family_who_opted_out_gets_no_reminder_of_the_cancelled_call(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
        opt(family, None)
    with time_machine.travel("2027-05-29 09:00 +0100", tick=False):
        assert "reminded 0" in run_job(app)
    assert emails_to(family.email) == []


def test_a_call_whose_date_passed_while_the_job_did_not_run_sends_no_late_reminder(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
    with time_machine.travel("2027-06-11 09:00 +0100", tick=False):  # the day after its date
        assert "reminded 0" in run_job(app)
    assert emails_to(family.email) == []


def test_a_family_who_opts_in_on_the_orders_anniversary_is_reminded_that_day(app):
    family = family_with_order(ORDER)
    with time_machine.travel("2027-06-10 09:00 +0100", tick=False):
        opt(family, 1)
        assert "raised 1, reminded 1" in run_job(app)
    [reminder] = emails_to(family.email)
    assert "10 June 2027" in reminder.body
