"""Reading the times a family says suit them, to warn staff before booking a
call outside them or outside 08:00 to 20:00."""

from datetime import datetime

import pytest

from portal.services import clock
from portal.services.call_times import stated_windows, warnings

# Thursday 26 November 2026, London time.
THURSDAY = datetime(2026, 11, 26, tzinfo=clock.LONDON)
SATURDAY = datetime(2026, 11, 28, tzinfo=clock.LONDON)


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.mark.parametrize(
    ("said", "suits", "does_not_suit"),
    [
        (
            "weekday evenings after 7pm",
            [at(THURSDAY, 19, 15)],
            [at(THURSDAY, 1, 7), at(THURSDAY, 14), at(SATURDAY, 19, 30)],
        ),
        ("Weekday mornings", [at(THURSDAY, 9)], [at(THURSDAY, 14), at(SATURDAY, 9)]),
        ("Tuesday or Thursday after 3pm", [at(THURSDAY, 15, 30)], [at(THURSDAY, 11), at(SATURDAY, 16)]),
        ("between 2pm and 4pm", [at(SATURDAY, 14)], [at(THURSDAY, 16)]),
        ("mornings before 10", [at(THURSDAY, 9)], [at(THURSDAY, 10)]),
        ("Monday to Friday, 9-5", [at(THURSDAY, 12)], [at(SATURDAY, 12), at(THURSDAY, 17)]),
        ("weekends, or weekday evenings", [at(SATURDAY, 11), at(THURSDAY, 18)], [at(THURSDAY, 11)]),
        ("any time", [at(SATURDAY, 8)], []),
    ],
)
def test_a_call_inside_the_familys_times_is_not_warned_about_and_one_outside_is(said, suits, does_not_suit):
    for moment in suits:
        assert warnings(moment, said, 30) == [], (said, moment)
    for moment in does_not_suit:
        assert any("outside them" in warning for warning in warnings(moment, said, 30)), (said, moment)


def test_a_call_at_night_is_outside_the_calling_hours_whatever_the_family_said():
    assert warnings(at(THURSDAY, 1, 7), "any time", 30) == ["This call is outside 08:00 to 20:00."]
    assert warnings(at(THURSDAY, 19, 45), "any time", 30) == ["This call is outside 08:00 to 20:00."]
    assert warnings(at(THURSDAY, 19, 30), "any time", 30) == []


def test_words_that_say_no_day_or_time_ask_staff_to_check_them_by_eye():
    assert stated_windows("please ring my mobile") is None
    assert warnings(at(THURSDAY, 10), "please ring my mobile", 30) == [
        "Check this time against when the family said is best: ‘please ring my mobile’."
    ]
