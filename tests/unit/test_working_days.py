from datetime import UTC, date, datetime

import pytest

from portal.services.working_days import (
    add_working_days,
    clock_start,
    due_in_working_days,
    is_working_day,
    working_days_between,
)


def london(*args) -> datetime:
    """A time as people in London read it (these dates are all in GMT)."""
    return datetime(*args, tzinfo=UTC)


def test_a_request_on_christmas_eve_morning_is_due_after_the_bank_holidays():
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    due, reason = due_in_working_days(london(2026, 12, 24, 10, 0), 5)
    assert due == date(2027, 1, 5)
    assert reason == "5 working days from 24 Dec 2026"


def test_a_request_after_five_pm_counts_from_the_next_working_day():
    assert clock_start(london(2026, 11, 23, 17, 1)) == date(2026, 11, 24)
    assert due_in_working_days(london(2026, 11, 23, 17, 1), 5)[0] == date(2026, 12, 1)
    assert due_in_working_days(london(2026, 11, 23, 16, 59), 5)[0] == date(2026, 11, 30)


def test_a_request_at_the_weekend_counts_from_monday():
    assert clock_start(london(2026, 11, 28, 10, 0)) == date(2026, 11, 30)


def test_a_request_on_a_bank_holiday_counts_from_the_next_working_day():
    assert clock_start(london(2027, 1, 1, 9, 0)) == date(2027, 1, 4)


def test_british_summer_time_decides_whether_it_is_after_five_pm():
    # 16:30 UTC is 17:30 in London in June.
    assert clock_start(datetime(2026, 6, 10, 16, 30, tzinfo=UTC)) == date(2026, 6, 11)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day, moved to Monday
        (date(2026, 8, 31), False),  # summer bank holiday in England and Wales
        (date(2026, 8, 3), True),  # Scotland's summer bank holiday is not ours
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 23), True),
    ],
)
def test_working_days_follow_england_and_wales_bank_holidays(day, working):
    assert is_working_day(day) is working


def test_adding_working_days_across_a_leap_day():
    assert add_working_days(date(2028, 2, 28), 1) == date(2028, 2, 29)
    assert add_working_days(date(2028, 2, 25), 2) == date(2028, 2, 29)


def test_counting_working_days_between_two_dates():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5)) == 5
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert working_days_between(date(2027, 1, 5), date(2026, 12, 24)) == -5
