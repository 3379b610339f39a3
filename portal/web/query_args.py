"""Reading the query string the same way on every page.

Each query parameter a page reads is declared once, as one of the readers
below, and the view lists the ones it reads with :func:`reads`: that list is
the registry ``tests/integration/test_hostile_input.py`` walks, and reading a
parameter a view has not declared is a programming error. A value that does
not fit raises :class:`BadQueryArgument`, which portal/errors.py answers with
a 400 page whose error summary names the parameter in plain English.

An empty value is the same as no value: an unfilled filter means no filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, request

from portal.services import clock
from portal.services.financial_year import FinancialYear

QUERY_ARGUMENTS_ATTRIBUTE = "_portal_query_arguments"
# The largest id an INTEGER column holds on PostgreSQL (and so on every database).
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
EARLIEST_REPORT_YEAR = 2000


class BadQueryArgument(Exception):
    """A query parameter the page cannot use; ``str(error)`` is safe to show."""

    def __init__(self, argument: QueryArgument, message: str):
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True, eq=False)
class QueryArgument:
    name: str
    # How the page's form names it, e.g. "Record number".
    label: str
    # "number", "date", "choice", "format" or "text": only text takes any value.
    kind: str
    # Turns the text given into the value; ValueError when it does not fit.
    parse: Callable[[str], Any]
    problem: str
    many: bool = False
    required: bool = False
    default: Any = None
    # A value that fits, for the problem message and for tests.
    example: str = ""

    def _problem(self, message: str) -> BadQueryArgument:
        return BadQueryArgument(self, message)

    def _values(self) -> list[str]:
        view = current_app.view_functions.get(request.endpoint or "")
        if self not in arguments_read_by(view):
            raise RuntimeError(f"{request.endpoint} reads ?{self.name} without declaring it with @reads")
        return [value.strip() for value in request.args.getlist(self.name) if value.strip()]

    def raw(self) -> str:
        """The one value given, as typed (stripped), or ""."""
        values = self._values()
        if len(values) > 1 and not self.many:
            raise self._problem(f"Give only one {self.label.lower()}")
        return values[0] if values else ""

    def _parse(self, text: str) -> Any:
        try:
            return self.parse(text)
        except (ValueError, OverflowError):
            raise self._problem(self.problem) from None

    def read(self) -> Any:
        text = self.raw()
        if not text:
            if self.required:
                raise self._problem(f"Enter the {self.label.lower()}")
            return self.default
        return self._parse(text)

    def read_all(self) -> tuple:
        """Every value of a parameter that may be given more than once."""
        return tuple(self._parse(text) for text in self._values())


def reads(*arguments: QueryArgument) -> Callable[[Callable], Callable]:
    """Declare the query parameters a view reads."""

    def decorate(view: Callable) -> Callable:
        setattr(view, QUERY_ARGUMENTS_ATTRIBUTE, (*arguments_read_by(view), *arguments))
        return view

    return decorate


def arguments_read_by(view: Callable | None) -> tuple[QueryArgument, ...]:
    return getattr(view, QUERY_ARGUMENTS_ATTRIBUTE, ())


def _ascii_number(text: str) -> int:
    # str.isdigit() and int() accept "²" and "١٢"; a web address gives 0-9.
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    return int(text)


def whole_number(
    name: str, label: str, *, maximum: int = MAX_ID, default: int | None = None
) -> QueryArgument:
    def parse(text: str) -> int:
        number = _ascii_number(text)
        if not 1 <= number <= maximum:
            raise ValueError(text)
        return number

    return QueryArgument(
        name,
        label,
        "number",
        parse,
        f"{label} must be a whole number from 1 to {maximum:,}",
        default=default,
        example="1",
    )


def day(name: str, label: str) -> QueryArgument:
    def parse(text: str) -> date:
        chosen = date.fromisoformat(text)
        if not EARLIEST_YEAR <= chosen.year <= LATEST_YEAR or not text.isascii():
            raise ValueError(text)
        return chosen

    return QueryArgument(
        name,
        label,
        "date",
        parse,
        f"{label} must be a real date between {EARLIEST_YEAR} and {LATEST_YEAR}, like 2025-04-01",
        example="2025-04-01",
    )


def choice(
    name: str,
    label: str,
    choices: Iterable[str] | Callable[[], Iterable[str]],
    *,
    many: bool = False,
    required: bool = False,
) -> QueryArgument:
    """One of a list of values; ``choices`` may be a function, for lists from the database."""

    def allowed() -> set[str]:
        return set(choices() if callable(choices) else choices)

    def parse(text: str) -> str:
        if text not in allowed():
            raise ValueError(text)
        return text

    static = [] if callable(choices) else sorted(choices)
    return QueryArgument(
        name,
        label,
        "choice",
        parse,
        f"{label} must be one of the choices on the page",
        many=many,
        required=required,
        example=static[0] if static else "",
    )


def text(name: str, label: str, *, max_length: int) -> QueryArgument:
    """Any text, cut to a length the page can search by."""
    return QueryArgument(name, label, "text", lambda given: given[:max_length], "", example="a")


def formatted(
    name: str,
    label: str,
    parse: Callable[[str], Any],
    *,
    described: str,
    example: str,
    required: bool = False,
) -> QueryArgument:
    """Text of a set form, such as a financial year; ``parse`` raises ValueError."""
    return QueryArgument(
        name, label, "format", parse, f"{label} must be {described}", required=required, example=example
    )


def _report_year(label: str) -> FinancialYear:
    year = FinancialYear.parse(label)
    if not EARLIEST_REPORT_YEAR <= year.start_year <= FinancialYear.containing(clock.today()).start_year:
        raise ValueError(label)
    return year


PAGE = whole_number("page", "Page number", maximum=MAX_PAGE, default=1)
FINANCIAL_YEAR = formatted(
    "year",
    "Financial year",
    _report_year,
    described=f"like 2024/25, from {EARLIEST_REPORT_YEAR} to this year",
    example="2024/25",
)


def page_number() -> int:
    """The page of a list asked for; page 1 when none is."""
    return PAGE.read()
