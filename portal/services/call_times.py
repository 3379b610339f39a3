"""Whether a call's time suits the family: inside the hours the agency phones
people (08:00 to 20:00, London time) and inside the times the family said
were best, as far as their words can be read ("weekday evenings after 7pm",
"Tuesday or Thursday after 3pm", "mornings before 10").

Staff are warned, not stopped: the family may have agreed another time on
the phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from portal.services import clock

CALLING_HOURS = (time(8, 0), time(20, 0))
ALL_DAYS = frozenset(range(7))
WHOLE_DAY = (time(0, 0), time(23, 59))

DAY_WORDS = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS_OF_DAY = {
    "morning": (time(8, 0), time(12, 0)),
    "lunchtime": (time(12, 0), time(14, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(21, 0)),
    "daytime": (time(8, 0), time(17, 0)),
    "school hours": (time(9, 15), time(15, 0)),
}
CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
BETWEEN = re.compile(rf"(?:between|from)?\s*{CLOCK}\s*(?:-|–|to|and|until|till)\s*{CLOCK}")
AFTER = re.compile(rf"(?:after|from|not before)\s+{CLOCK}")
BEFORE = re.compile(rf"(?:before|until|till|by|up to)\s+{CLOCK}")
CLAUSE_BREAK = re.compile(r",|;|/|\bor\b|\band\b(?!\s*\d)|\bbut\b")


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    starts: time
    ends: time

    def holds(self, moment: datetime, minutes: int) -> bool:
        ends = (datetime.combine(moment.date(), moment.time()) + timedelta(minutes=minutes)).time()
        return moment.weekday() in self.days and self.starts <= moment.time() and ends <= self.ends


def _hour(hours: str, minutes: str | None, meridiem: str | None, *, afternoon_guess: bool) -> time | None:
    hour, minute = int(hours), int(minutes or 0)
    if hour > 23 or minute > 59:
        return None
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif meridiem is None and afternoon_guess and hour < 8:
        hour += 12  # "after 7" means the evening
    return time(hour, minute)


def _days(clause: str) -> frozenset[int] | None:
    if re.search(r"any ?(day|time)|every ?day|all week", clause):
        return ALL_DAYS
    days: set[int] = set()
    if re.search(r"week ?days?", clause):
        days |= set(range(5))
    if re.search(r"week ?ends?", clause):
        days |= {5, 6}
    named = _named_days(clause)
    if len(named) == 2 and re.search(r"\b(to|until|till|through)\b|-", clause):
        first, last = named
        days |= {(first + step) % 7 for step in range((last - first) % 7 + 1)}
    else:
        days |= set(named)
    return frozenset(days) if days else None


def _named_days(clause: str) -> list[int]:
    numbers = [_day_number(word) for word in re.findall(r"[a-z]+", clause)]
    return [number for number in numbers if number is not None]


def _day_number(word: str) -> int | None:
    word = word.removesuffix("s") if word.endswith("days") else word
    if word in DAY_NAMES:
        return DAY_NAMES.index(word)
    return DAY_WORDS.get(word)


def _times(clause: str) -> tuple[time, time] | None:
    parts = [span for name, span in PARTS_OF_DAY.items() if name in clause]
    starts = min((span[0] for span in parts), default=None)
    ends = max((span[1] for span in parts), default=None)
    evening = "evening" in clause or "afternoon" in clause
    if match := BETWEEN.search(clause):
        h1, m1, p1, h2, m2, p2 = match.groups()
        ends = _hour(h2, m2, p2, afternoon_guess=evening or p1 == "pm")
        starts = _hour(h1, m1, p1 or (p2 if int(h1) <= int(h2) else None), afternoon_guess=evening)
        if starts and ends and ends < starts and p2 is None and ends.hour < 12:
            ends = ends.replace(hour=ends.hour + 12)  # "9-5"
    else:
        if match := AFTER.search(clause):
            starts = max(filter(None, [starts, _hour(*match.groups(), afternoon_guess=True)]))
        if match := BEFORE.search(clause):
            ends = min(filter(None, [ends, _hour(*match.groups(), afternoon_guess=evening)]))
    if starts is None and ends is None:
        return None
    return starts or WHOLE_DAY[0], ends or WHOLE_DAY[1]


def stated_windows(best_times: str) -> list[Window] | None:
    """The times the family's words describe, or None when nothing in them
    can be read as a day or a time."""
    windows: list[Window] = []
    waiting_days: frozenset[int] = frozenset()
    last_days = ALL_DAYS
    understood = False
    for clause in CLAUSE_BREAK.split(best_times.lower()):
        days, times = _days(clause), _times(clause)
        understood = understood or days is not None or times is not None
        if times is None:
            waiting_days |= days or frozenset()
            continue
        if waiting_days and days is not None and not _named_days(clause):
            # "weekends, or weekday evenings": the weekends stand on their own;
            # "Tuesday or Thursday after 3pm": Tuesday shares Thursday's times.
            windows.append(Window(waiting_days, *WHOLE_DAY))
            waiting_days = frozenset()
        days = (days or frozenset()) | waiting_days or last_days
        windows.append(Window(days, *times))
        waiting_days, last_days = frozenset(), days
    if waiting_days:
        windows.append(Window(waiting_days, *WHOLE_DAY))
    return windows if understood else None


def warnings(when: datetime, best_times: str, minutes: int) -> list[str]:
    """What staff should know before booking a call at ``when``."""
    local = clock.to_london(when)
    found = []
    if not Window(ALL_DAYS, *CALLING_HOURS).holds(local, minutes):
        found.append("This call is outside 08:00 to 20:00.")
    windows = stated_windows(best_times)
    if windows is None:
        found.append(f"Check this time against when the family said is best: ‘{best_times}’.")
    elif not any(window.holds(local, minutes) for window in windows):
        found.append(f"The family said the best times are ‘{best_times}’, and this call is outside them.")
    return found
