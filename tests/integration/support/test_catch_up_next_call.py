"""When a family is told their next catch-up call is due: an overdue call
still waiting, and another family's calls, never move it."""

from datetime import date

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import CatchUpCall
from portal.services import catchup
from tests.integration.support.test_catch_up_calls import family_with_order
from tests.support.pages import get_page
from tests.support.signing_in import sign_in


def opted_in(order_date, frequency):
    family = family_with_order(order_date)
    catchup.set_frequency(household_id=family.household_id, frequency_years=frequency, actor_id=family.id)
    db.session.commit()
    return family


def next_call_line(client, family):
    sign_in(client, family)
    page = get_page(client, "/catch-up-calls")
    return page.select_one(".govuk-inset-text").text.strip()


def test_a_family_whose_call_is_overdue_and_not_yet_held_is_told_that_call_is_still_the_next(app, client):
    family = opted_in(date(2024, 6, 10), 2)
    with time_machine.travel("2026-05-20 09:00 +0100", tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
    with time_machine.travel("2026-06-15 09:00 +0100", tick=False):  # five days after its date
        assert next_call_line(client, family) == (
            "Your next catch-up call is due around 10 June 2026. We will email you 2 weeks before."
        )


def test_another_familys_held_call_does_not_move_this_familys_next_call(app, client):
    opted_in(date(2024, 6, 10), 2)  # the family whose call is held
    with time_machine.travel("2026-05-20 09:00 +0100", tick=False):
        app.test_cli_runner().invoke(args=["raise-catch-up-calls"])
        [held] = db.session.scalars(select(CatchUpCall)).all()
        catchup.log_call(call_id=held.id, outcome="held", actor_id=None)
        db.session.commit()
        family = opted_in(date(2024, 6, 1), 2)  # no call of its own raised yet
        assert next_call_line(client, family) == (
            "Your next catch-up call is due around 1 June 2026. We will email you 2 weeks before."
        )
