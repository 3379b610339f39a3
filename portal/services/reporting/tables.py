"""The annual report's tables, in the shape the agency prints them: the chosen
financial year with the previous one beside it. One Table feeds the web page,
its CSV download and ``flask report``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from portal.models.events import EventKind
from portal.services.catchup import FREQUENCIES
from portal.services.financial_year import FinancialYear
from portal.services.messages import figures as message_figures
from portal.services.reporting import (
    adopter_journey,
    catch_up_calls,
    groups_and_courses,
    peer_connectors,
    support_calls,
    timescales,
)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    note: str = ""


class YearFigures:
    """The figures of a year and the one before it that more than one table (or
    the page's chart) shows, each worked out once, when first asked for.
    ``journey_years``: the years the adopter journey is wanted for, at least
    these two (the annual page's chart compares more)."""

    def __init__(self, year: FinancialYear, journey_years: Sequence[FinancialYear] = ()) -> None:
        self.year = year
        self._journey_years = sorted({*journey_years, year.previous, year})

    @cached_property
    def journey(self) -> dict[FinancialYear, adopter_journey.AdopterJourney]:
        return adopter_journey.figures_for(self._journey_years)

    @cached_property
    def calls(self) -> support_calls.CallFigures:
        return support_calls.figures(self.year)

    @cached_property
    def calls_before(self) -> support_calls.CallFigures:
        return support_calls.figures(self.year.previous)


def _blank(value):
    return "" if value is None else value


def adopter_journey_table(figures: YearFigures) -> Table:
    year = figures.year
    latest, previous = figures.journey[year], figures.journey[year.previous]
    measures = [
        ("Information packs sent", "packs_sent"),
        ("Information events attended (households)", "information_events_attended"),
        ("Enquiries in year", "enquiries"),
        ("Stage 1 starts in year", "stage_one_starts"),
        ("Stage 2 starts in year", "stage_two_starts"),
        ("Stage 2 ends in year", "stage_two_ends"),
        ("Adoptive families matched in year", "matched"),
        ("Adoptive families with placements in year", "placed"),
    ]
    rows = [[label, getattr(previous, name), getattr(latest, name)] for label, name in measures]
    return Table(
        name="adopter-journey",
        title="Adopter journey",
        columns=["Measure", year.previous.label, year.label],
        rows=rows,
        note="Counts are households.",
    )


def timescales_table(figures: YearFigures) -> Table:
    year = figures.year
    found = timescales.figures_for([year.previous, year])
    latest, previous = found[year], found[year.previous]
    rows = [
        [now.measure, _blank(now.target_days), _blank(before.average_days), _blank(now.average_days)]
        for before, now in zip(previous, latest, strict=True)
    ]
    return Table(
        name="timescales",
        title="Timescales (average days)",
        columns=["Measure", "Target", year.previous.label, year.label],
        rows=rows,
        note="Averaged over the periods that ended in each year. Blank: none ended.",
    )


def support_calls_by_month(figures: YearFigures) -> Table:
    year, calls = figures.year, figures.calls
    months = [m.strftime("%b") for m in calls.months]
    rows = [[council, *counts, sum(counts)] for council, counts in calls.by_council.items()]
    rows.append(["Total", *calls.month_totals, calls.total])
    return Table(
        name="support-calls",
        title=f"Support-and-advice calls, {year.label}",
        columns=["Council", *months, "Total"],
        rows=rows,
        note="Families who asked and were offered a call, by the council responsible on the day.",
    )


def support_call_timing(figures: YearFigures) -> Table:
    year, latest, previous = figures.year, figures.calls, figures.calls_before
    rows = [
        ["Calls held", previous.calls_held, latest.calls_held],
        ["Average days to the call", _blank(previous.average_days), _blank(latest.average_days)],
        [
            "Average working days to the call",
            _blank(previous.average_working_days),
            _blank(latest.average_working_days),
        ],
        [
            "Share within the promise (%)",
            _blank(previous.share_within_promise),
            _blank(latest.share_within_promise),
        ],
    ]
    rows += [
        [f"Outcome: {label}", previous.outcomes[label], count] for label, count in latest.outcomes.items()
    ]
    return Table(
        name="support-call-timing",
        title="Time to the call and outcomes",
        columns=["Measure", year.previous.label, year.label],
        rows=rows,
    )


def catch_up_calls_table(figures: YearFigures) -> Table:
    year = figures.year
    latest, previous = catch_up_calls.figures(year), catch_up_calls.figures(year.previous)
    rows = [
        [
            f"Households opted in: every {'year' if f == 1 else f'{f} years'} (now)",
            "",
            latest.opted_in_by_frequency[f],
        ]
        for f in FREQUENCIES
    ]
    rows += [["Calls due", previous.due, latest.due], ["Calls held", previous.held, latest.held]]
    return Table(
        name="catch-up-calls",
        title="Catch-up calls",
        columns=["Measure", year.previous.label, year.label],
        rows=rows,
    )


def groups_and_courses_table(figures: YearFigures) -> Table:
    year = figures.year
    found = groups_and_courses.figures_for([year.previous, year])
    latest, previous = found[year], found[year.previous]
    rows = [[kind.label, previous[kind.value], latest[kind.value]] for kind in EventKind]
    return Table(
        name="groups-and-courses",
        title="Events, groups and courses attended (households)",
        columns=["Kind", year.previous.label, year.label],
        rows=rows,
    )


def peer_connectors_table(figures: YearFigures) -> Table:
    year = figures.year
    latest, previous = peer_connectors.figures(year), peer_connectors.figures(year.previous)
    measures = [
        ("Active peer connectors (now)", "active_connectors"),
        ("Households supported in year", "households_supported_in_period"),
        ("Households supported ever", "households_supported_ever"),
        ("Links proposed", "proposed"),
        ("Links accepted", "accepted"),
        ("Links declined", "declined"),
        ("Links closed", "closed"),
        ("Median days from proposal to acceptance", "median_days_to_accept"),
    ]
    rows = [
        [label, _blank(getattr(previous, name)), _blank(getattr(latest, name))] for label, name in measures
    ]
    rows.append(
        ["Contacts logged", sum(previous.contacts_by_month.values()), sum(latest.contacts_by_month.values())]
    )
    return Table(
        name="peer-connectors",
        title="Peer connectors",
        columns=["Measure", year.previous.label, year.label],
        rows=rows,
    )


def messages_by_month(figures: YearFigures) -> Table:
    year = figures.year
    months = message_figures.figures(year)
    return Table(
        name="messages",
        title=f"Messages from households and peer connectors, {year.label}",
        columns=["Measure", *(m.month.strftime("%b") for m in months)],
        rows=[
            ["Messages received", *(m.received for m in months)],
            ["Conversations opened", *(m.opened for m in months)],
            ["Answered within the promise (%)", *(_blank(m.share_within_promise) for m in months)],
            [
                "Median working days to the first reply",
                *(_blank(m.median_working_days_to_reply) for m in months),
            ],
        ],
        note="By the London month the conversation was opened; one not answered yet counts as late.",
    )


TABLES: dict[str, Callable[[YearFigures], Table]] = {
    "adopter-journey": adopter_journey_table,
    "timescales": timescales_table,
    "support-calls": support_calls_by_month,
    "support-call-timing": support_call_timing,
    "catch-up-calls": catch_up_calls_table,
    "groups-and-courses": groups_and_courses_table,
    "peer-connectors": peer_connectors_table,
    "messages": messages_by_month,
}


def table(name: str, year: FinancialYear) -> Table:
    return TABLES[name](YearFigures(year))


def all_tables(figures: YearFigures) -> list[Table]:
    return [build(figures) for build in TABLES.values()]
