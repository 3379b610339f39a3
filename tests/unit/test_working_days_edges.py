from datetime import date

import pytest

from portal.services.working_days import add_working_days


def test_adding_no_working_days_keeps_the_same_date():
    assert add_working_days(date(2026, 11, 27), 0) == date(2026, 11, 27)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2026, 11, 27), -1)
