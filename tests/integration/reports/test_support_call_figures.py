"""The agency's support-and-advice call table for 2024/25, rebuilt from records."""

from datetime import date, timedelta

import time_machine

from portal.extensions import db
from portal.models import SupportCallRequest, SupportCallStatus, SupportOutcome, TriageItem
from portal.services import clock, reporting, support_calls
from portal.services.financial_year import FinancialYear
from tests.support.factories import CouncilFactory, HouseholdFactory, UserFactory

PUBLISHED = {
    "Bexley": [0, 1, 2, 0, 1, 1, 1, 0, 0, 1, 3, 0],
    "Kent": [10, 8, 11, 10, 5, 13, 16, 7, 5, 12, 7, 1],
    "Medway": [1, 0, 1, 2, 0, 0, 2, 1, 0, 1, 4, 6],
}
MONTH_TOTALS = [11, 9, 14, 12, 6, 14, 19, 8, 5, 14, 14, 7]


def add_request(
    household,
    requester,
    council,
    requested_on: date,
    *,
    status=SupportCallStatus.HELD,
    days_to_call=6,
    working_days_to_call=4,
    outcome=SupportOutcome.RESOLVED,
):
    item = TriageItem(
        reference=f"SUP-T-{add_request.count:05d}",
        kind="support_call",
        title="Support-and-advice call",
        due_on=requested_on,
        due_reason="test",
        council_id=council.id,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    add_request.count += 1
    db.session.add(item)
    db.session.flush()
    db.session.add(
        SupportCallRequest(
            household_id=household.id,
            requested_by_id=requester.id,
            requested_at=clock.now(),
            requested_on=requested_on,
            best_times="mornings",
            phone="07700 900982",
            council_id=council.id,
            triage_item_id=item.id,
            status=status,
            held_on=requested_on + timedelta(days=days_to_call) if status == SupportCallStatus.HELD else None,
            days_to_call=days_to_call if status == SupportCallStatus.HELD else None,
            working_days_to_call=working_days_to_call if status == SupportCallStatus.HELD else None,
            outcome=outcome if status == SupportCallStatus.HELD else None,
        )
    )


add_request.count = 0


def test_calls_per_council_per_month_and_the_average_days_match_the_published_table(app):
    family = UserFactory(role="family")
    councils = {name: CouncilFactory(name=name) for name in PUBLISHED}
    number = 0
    for name, months in PUBLISHED.items():
        for index, count in enumerate(months):
            month_start = date(2024 + (index + 3) // 12, (index + 3) % 12 + 1, 1)
            for _ in range(count):
                # 118 calls 6 days after asking and 15 after 5: 783 / 133 = 5.9 days.
                days = 5 if number < 15 else 6
                add_request(
                    family.household,
                    family,
                    councils[name],
                    month_start + timedelta(days=number % 27),
                    days_to_call=days,
                    working_days_to_call=4 if number % 10 else 6,
                )
                number += 1
    # Outside the year, and a cancelled request: not counted.
    add_request(family.household, family, councils["Kent"], date(2024, 3, 31))
    add_request(family.household, family, councils["Kent"], date(2025, 4, 1))
    add_request(
        family.household, family, councils["Kent"], date(2024, 5, 5), status=SupportCallStatus.CANCELLED
    )
    db.session.commit()

    figures = reporting.support_calls.figures(FinancialYear(2024))
    assert figures.by_council == PUBLISHED
    assert figures.month_totals == MONTH_TOTALS
    assert figures.total == 133
    assert figures.months[0] == date(2024, 4, 1) and figures.months[-1] == date(2025, 3, 1)
    assert figures.average_days == 5.9
    # Every tenth call took 6 working days: 14 of 133 missed the promise of 5.
    assert figures.calls_held == 133
    assert figures.share_within_promise == round(100 * 119 / 133)
    assert figures.outcomes["Resolved on the call"] == 133


def test_a_month_boundary_follows_london_time(app):
    household = HouseholdFactory()
    family = UserFactory(role="family", household=household)
    # 23:30 UTC on 31 May is 00:30 on 1 June in London.
    with time_machine.travel("2024-05-31 23:30 +0000", tick=False):
        support_calls.request_call(user_id=family.id, best_times="any", phone="07700 900982", note=None)
    db.session.commit()
    figures = reporting.support_calls.figures(FinancialYear(2024))
    assert figures.by_council[household.council.name][2] == 1  # June
