"""Reading one row's cells, each problem kept in plain English with its row
and column, so the preview can list them all at once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from portal.services.accounts import normalise_email
from portal.services.imports.files import Row
from portal.services.untypeable import UNTYPEABLE_CHARACTERS

T = TypeVar("T")

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# 2024-03-27, or the day first as British spreadsheets write it: 27/03/2024, 27-3-2024, 27.03.2024.
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _day(value: str) -> date | None:
    if match := ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_FIRST.match(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Cells:
    """One row being read; each reader returns None for a missing or wrong value."""

    row: Row
    today: date
    problems: list[Problem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = 200) -> str | None:
        value = " ".join(self.row.values.get(column, "").split())
        if not value:
            if required:
                self.problem(column, "is empty: it is needed")
            return None
        if UNTYPEABLE_CHARACTERS.search(value):
            self.problem(column, "has an invisible or unusual character in it: retype it")
            return None
        if len(value) > max_length:
            self.problem(column, f"is {len(value)} characters long: at most {max_length}")
            return None
        return value

    def email(self, column: str, *, required: bool = False) -> str | None:
        value = self.text(column, required=required, max_length=320)
        if value is None:
            return None
        if not EMAIL.match(value):
            self.problem(column, f"'{value}' is not an email address")
            return None
        return normalise_email(value)

    def date(self, column: str) -> date | None:
        value = self.text(column, max_length=20)
        if value is None:
            return None
        day = _day(value)
        if day is None:
            self.problem(column, f"'{value}' is not a date: write it like 2024-03-27 or 27/03/2024")
        elif day > self.today:
            self.problem(column, f"{value} is in the future")
            return None
        return day

    def choice(
        self, column: str, choices: Mapping[str, T], *, required: bool = False, names: str = ""
    ) -> T | None:
        """One of ``choices``, matched without regard to case; ``names`` lists them for people."""
        value = self.text(column, required=required)
        if value is None:
            return None
        if value.lower() not in choices:
            self.problem(column, f"'{value}' is not one of: {names or ', '.join(sorted(choices))}")
            return None
        return choices[value.lower()]


def repeated(rows: list[Row], *columns: tuple[str, ...]) -> list[Problem]:
    """A value given on an earlier row too (each group of columns shares its
    values: an email in either adult's column), ignoring case and spaces.
    Read from the cells as typed, so a row with other problems still counts."""
    problems = []
    for group in columns:
        first: dict[str, int] = {}
        for row in rows:
            for column in group:
                value = " ".join(row.values.get(column, "").split()).lower()
                if not value:
                    continue
                if value in first and first[value] != row.number:
                    problems.append(Problem(row.number, column, f"{value} is also on row {first[value]}"))
                first.setdefault(value, row.number)
    return problems
