from datetime import UTC, date, datetime

from portal.services.working_days import clock_start, due_in_working_days


def test_a_request_at_exactly_five_pm_counts_from_the_next_working_day():
    # 23 November 2026 is a Monday, in GMT.
    assert clock_start(datetime(2026, 11, 23, 17, 0, tzinfo=UTC)) == date(2026, 11, 24)
    assert clock_start(datetime(2026, 11, 23, 16, 59, 59, tzinfo=UTC)) == date(2026, 11, 23)


def test_one_working_day_is_said_in_the_singular():
    due, reason = due_in_working_days(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), 1)
    assert (due, reason) == (date(2026, 11, 24), "1 working day from 23 Nov 2026")
    assert due_in_working_days(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), 2)[1] == (
        "2 working days from 23 Nov 2026"
    )
