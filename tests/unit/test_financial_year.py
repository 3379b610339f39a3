from datetime import date

import pytest

from portal.services.financial_year import FinancialYear


def test_a_financial_year_runs_from_april_to_march():
    year = FinancialYear(2024)
    assert (year.start, year.end, year.label) == (date(2024, 4, 1), date(2025, 3, 31), "2024/25")
    assert year.previous.label == "2023/24"


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2025, 3, 31), "2024/25"), (date(2025, 4, 1), "2025/26"), (date(2000, 1, 1), "1999/00")],
)
def test_which_financial_year_a_day_falls_in(day, label):
    assert FinancialYear.containing(day).label == label


def test_years_are_read_from_their_labels():
    assert FinancialYear.parse("2024/25") == FinancialYear.parse("2024") == FinancialYear(2024)
    for bad in ("2024/26", "24/25", "twenty", ""):
        with pytest.raises(ValueError):
            FinancialYear.parse(bad)
