"""Bar charts drawn as SVG on the server: horizontal bars (long labels read on a
phone), every category labelled in words, a labelled value axis with its ticks,
the value written at each bar's end, and colours with at least 3:1 contrast.
A chart only repeats the table beside it, which stays the way to read exactly."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

# GOV.UK colours, each 3:1 or more on white; the latest period is always blue and
# the one before it dark grey, so a chart of two years reads like every other.
COLOURS = ("#4c2c92", "#00703c", "#505a5f", "#1d70b8")
WIDTH = 400
LEFT, RIGHT = 16, 56
LEGEND_PER_ROW = 3
LEGEND_SPACING = 128
LINE = 18
BAR = 14
GAP = 4
LABEL_CHARACTERS = 48


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    colour: str
    text: str


@dataclass(frozen=True)
class Group:
    label_lines: tuple[str, ...]
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Key:
    label: str
    colour: str
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    axis_label: str
    legend: tuple[Key, ...]
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    width: int
    height: float
    left: int
    plot_width: int


def _nice_maximum(largest: float) -> float:
    if largest <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if largest <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    *,
    title: str,
    axis_label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str = "",
    maximum: float | None = None,
) -> BarChart:
    """One group of bars per category, one bar per series; a value of None
    draws no bar (nothing to show), which the table beside explains."""
    values = [value for _, row in series for value in row if value is not None]
    top = maximum if maximum is not None else _nice_maximum(max(values, default=0))
    plot_width = WIDTH - LEFT - RIGHT
    colours = COLOURS[-len(series) :]
    legend = tuple(
        Key(label, colour, LEFT + (n % LEGEND_PER_ROW) * LEGEND_SPACING, (n // LEGEND_PER_ROW) * LINE)
        for n, (colour, (label, _)) in enumerate(zip(colours, series, strict=True))
    )
    y = (legend[-1].y + LINE * 1.5) if len(series) > 1 else 0
    groups = []
    for index, category in enumerate(categories):
        lines = tuple(textwrap.wrap(category, LABEL_CHARACTERS)) or ("",)
        label_y = y + LINE
        y += LINE * len(lines) + GAP
        bars = []
        for colour, (_, row) in zip(colours, series, strict=True):
            value = row[index]
            if value is not None:
                width = plot_width * min(value, top) / top
                bars.append(Bar(LEFT, y, round(width, 1), colour, f"{_number(value)}{unit}"))
            y += BAR + 2
        groups.append(Group(lines, label_y, tuple(bars)))
        y += GAP * 2
    quarters = range(5)
    ticks = tuple(Tick(LEFT + plot_width * q / 4, f"{_number(top * q / 4)}{unit}") for q in quarters)
    return BarChart(
        title=title,
        axis_label=axis_label,
        legend=legend if len(series) > 1 else (),
        groups=tuple(groups),
        ticks=ticks,
        axis_y=y,
        width=WIDTH,
        height=y + LINE * 2.5,
        left=LEFT,
        plot_width=plot_width,
    )
