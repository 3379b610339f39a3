"""The adopter journey table of the annual report, rebuilt from records."""

from datetime import date, timedelta

from sqlalchemy import insert

from portal.extensions import db
from portal.models import OutboxMessage, OutboxStatus, Stage, StageChange
from portal.services import clock, reporting
from portal.services.financial_year import FinancialYear
from tests.support.factories import CouncilFactory, HouseholdFactory

YEAR_2024 = FinancialYear(2024)


def stage(household, which: Stage, on: date) -> None:
    db.session.add(
        StageChange(household_id=household.id, stage=which, started_on=on, recorded_at=clock.now())
    )


def households(count: int):
    council = CouncilFactory(name="Kent")
    return [HouseholdFactory(council=council) for _ in range(count)]


def test_the_2024_25_journey_counts_are_reproduced_from_stage_records(app):
    # The agency's published 2024/25 figures: enquiries 64, Stage 1 starts 65,
    # Stage 2 starts 60, Stage 2 ends 63, matched 64, placed 63.
    published = {
        Stage.ENQUIRY: 64,
        Stage.STAGE_ONE: 65,
        Stage.STAGE_TWO: 60,
        Stage.APPROVED: 63,
        Stage.MATCHED: 64,
        Stage.PLACED: 63,
    }
    pool = households(70)
    for which, count in published.items():
        for number, household in enumerate(pool[:count]):
            stage(household, which, YEAR_2024.start + timedelta(days=number % 365))
    # Just outside the year on each side: not counted.
    stage(pool[0], Stage.ENQUIRY, date(2024, 3, 31))
    stage(pool[1], Stage.ENQUIRY, date(2025, 4, 1))
    # Recorded twice in the year (a correction): the household counts once.
    stage(pool[2], Stage.MATCHED, date(2024, 12, 1))
    db.session.commit()

    figures = reporting.adopter_journey.figures(YEAR_2024)
    assert (
        figures.enquiries,
        figures.stage_one_starts,
        figures.stage_two_starts,
        figures.stage_two_ends,
        figures.matched,
        figures.placed,
    ) == (64, 65, 60, 63, 64, 63)


def test_information_packs_sent_counts_only_emails_actually_delivered_in_the_year(app, client):
    from tests.integration.enquiries.test_information_pack import ask_for_pack

    for number in range(3):
        ask_for_pack(client, email=f"enquirer{number}@example.com")
    messages = db.session.query(OutboxMessage).order_by(OutboxMessage.id).all()
    messages[0].status, messages[0].sent_at = OutboxStatus.SENT, clock.now()
    messages[1].status = OutboxStatus.FAILED
    db.session.commit()
    year = FinancialYear.containing(clock.today())
    assert reporting.adopter_journey.figures(year).packs_sent == 1
    assert reporting.adopter_journey.figures(year.previous).packs_sent == 0


def test_timescales_average_the_days_of_the_periods_that_ended_in_the_year(app):
    first, second, third, fourth = households(4)
    # Enquiry to Stage 1: 100 and 112 days, average 106 (the 2024/25 figure).
    stage(first, Stage.ENQUIRY, date(2024, 1, 1))
    stage(first, Stage.STAGE_ONE, date(2024, 1, 1) + timedelta(days=100))
    stage(second, Stage.ENQUIRY, date(2024, 6, 1))
    stage(second, Stage.STAGE_ONE, date(2024, 6, 1) + timedelta(days=112))
    # Stage 1: ends when recorded complete (110 days), or when Stage 2 starts (116 days).
    stage(first, Stage.STAGE_ONE_COMPLETE, date(2024, 4, 10) + timedelta(days=110))
    stage(first, Stage.STAGE_TWO, date(2024, 4, 10) + timedelta(days=200))
    stage(second, Stage.STAGE_TWO, date(2024, 9, 21) + timedelta(days=116))
    # Stage 2: 117 days to approval; a Stage 2 still open is not averaged.
    stage(third, Stage.STAGE_TWO, date(2024, 5, 1))
    stage(third, Stage.APPROVED, date(2024, 5, 1) + timedelta(days=117))
    stage(fourth, Stage.STAGE_TWO, date(2025, 1, 1))
    db.session.commit()

    enquiry, stage_one, stage_two = reporting.timescales.figures(YEAR_2024)
    assert (enquiry.average_days, enquiry.households, enquiry.target_days) == (106.0, 2, None)
    assert (stage_one.average_days, stage_one.households, stage_one.target_days) == (113.0, 2, 60)
    assert (stage_two.average_days, stage_two.households, stage_two.target_days) == (117.0, 1, 121)


def test_a_year_with_no_records_has_no_average_rather_than_zero(app):
    enquiry, _, _ = reporting.timescales.figures(YEAR_2024)
    assert (enquiry.average_days, enquiry.households) == (None, 0)


def test_bulk_outbox_rows_do_not_count_as_packs(app):
    db.session.execute(
        insert(OutboxMessage),
        [
            {
                "template": "password_reset",
                "to_address": "a@example.com",
                "subject": "s",
                "body": "b",
                "status": OutboxStatus.SENT,
                "attempts": 1,
                "next_attempt_at": clock.now(),
                "created_at": clock.now(),
                "sent_at": clock.now(),
            }
        ],
    )
    db.session.commit()
    assert reporting.adopter_journey.figures(FinancialYear.containing(clock.today())).packs_sent == 0
