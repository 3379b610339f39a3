"""The daily catch-up job: opting out and back in, and one family's trouble
never stopping the calls of the others."""

import logging
from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import CatchUpCall, TriageItem, TriageStatus
from portal.services import catchup, catchup_job
from portal.services.email import outbox as email_outbox
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.support.emails import emails_to

ORDER = date(2024, 6, 10)
# 21 days before the 2027 anniversary: inside the 30-day queue window.
IN_THE_WINDOW = "2027-05-20 09:00 +0100"


def run_job(app) -> str:
    result = app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
    assert result.exit_code == 0, result.output
    return result.output


def opt(family, frequency):
    catchup.set_frequency(household_id=family.household_id, frequency_years=frequency, actor_id=family.id)
    db.session.commit()


def waiting_calls(household_id):
    return db.session.scalars(
        select(CatchUpCall).where(
            CatchUpCall.household_id == household_id,
            CatchUpCall.completed_on.is_(None),
            CatchUpCall.cancelled_at.is_(None),
        )
    ).all()


def open_catch_up_items(household_id):
    return [
        item
        for item in db.session.scalars(
            select(TriageItem).where(
                TriageItem.household_id == household_id, TriageItem.kind == "catch_up_call"
            )
        )
        if TriageStatus(item.status).is_open
    ]


def test_a_family_who_opts_out_with_a_call_waiting_and_back_in_before_its_date_gets_that_call_again(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        assert "raised 1" in run_job(app)
        opt(family, None)
        opt(family, 1)
        assert "raised 1" in run_job(app)
    [call] = waiting_calls(family.household_id)
    assert call.due_on == date(2027, 6, 10)
    [item] = open_catch_up_items(family.household_id)
    assert item.id == call.triage_item_id
    assert item.due_on == date(2027, 6, 10)


def test_opting_out_and_back_in_any_number_of_times_leaves_exactly_one_coming_call(app):
    family = family_with_order(ORDER)
    opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        run_job(app)
        for _ in range(3):
            opt(family, None)
            run_job(app)
            assert waiting_calls(family.household_id) == []
            assert open_catch_up_items(family.household_id) == []
            opt(family, 1)
            run_job(app)
            run_job(app)
    [call] = waiting_calls(family.household_id)
    assert call.due_on == date(2027, 6, 10)
    assert len(open_catch_up_items(family.household_id)) == 1
    assert catchup.setting_for(family.household_id).next_due_on == date(2027, 6, 10)


def test_a_family_with_a_call_already_waiting_does_not_stop_calls_for_the_families_after_it(app):
    first = family_with_order(ORDER)
    opt(first, 1)
    with time_machine.travel("2027-05-12 09:00 +0100", tick=False):
        assert "raised 1" in run_job(app)
    second = family_with_order(date(2024, 6, 12))
    third = family_with_order(date(2024, 6, 14))
    opt(second, 1)
    opt(third, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        assert "raised 2" in run_job(app)
    assert [c.due_on for c in waiting_calls(second.household_id)] == [date(2027, 6, 12)]
    assert [c.due_on for c in waiting_calls(third.household_id)] == [date(2027, 6, 14)]
    assert len(waiting_calls(first.household_id)) == 1


def test_a_family_whose_call_cannot_be_raised_is_logged_by_number_and_the_others_still_get_theirs(
    app, monkeypatch, caplog
):
    families = [family_with_order(date(2024, 6, day)) for day in (10, 11, 12)]
    for family in families:
        opt(family, 1)
    broken = families[1]
    real_raise = catchup_job.triage.raise_item

    def raise_item_failing_for_one(**fields):
        item = real_raise(**fields)
        if fields["household_id"] == broken.household_id:
            raise RuntimeError("this household's data cannot be raised")
        return item

    monkeypatch.setattr(catchup_job.triage, "raise_item", raise_item_failing_for_one)
    with time_machine.travel(IN_THE_WINDOW, tick=False), caplog.at_level(logging.ERROR):
        assert "raised 2" in run_job(app)
    assert waiting_calls(broken.household_id) == []
    assert open_catch_up_items(broken.household_id) == []
    for family in (families[0], families[2]):
        assert len(waiting_calls(family.household_id)) == 1
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    message = record.getMessage()
    assert (
        message
        == f"Catch-up call for household id {broken.household_id} could not be raised (RuntimeError); skipped"
    )
    assert broken.email not in message and broken.household.name.lower() not in message.lower()
    assert record.exc_info is None  # a traceback could carry the row's values


def test_a_family_whose_reminder_cannot_be_sent_does_not_stop_the_reminders_of_the_others(
    app, monkeypatch, caplog
):
    families = [family_with_order(date(2024, 6, day)) for day in (10, 11, 12)]
    for family in families:
        opt(family, 1)
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        assert "raised 3, reminded 0" in run_job(app)
    broken = families[1]
    real_queue = email_outbox.queue_email

    def queue_email_failing_for_one(**fields):
        if fields["to"] == broken.email:
            raise RuntimeError("this family's reminder cannot be written")
        return real_queue(**fields)

    monkeypatch.setattr(email_outbox, "queue_email", queue_email_failing_for_one)
    with time_machine.travel("2027-05-29 09:00 +0100", tick=False), caplog.at_level(logging.ERROR):
        assert "raised 0, reminded 2" in run_job(app)
    assert [len(emails_to(f.email)) for f in families] == [1, 0, 1]
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage() == (
        f"Catch-up call for household id {broken.household_id} could not be reminded (RuntimeError); skipped"
    )
    [broken_call] = waiting_calls(broken.household_id)
    assert broken_call.reminder_sent_at is None  # tried again on the next run
