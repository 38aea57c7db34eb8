"""A key result's progress as a small chart: its geometry, computed when the site is built.

The template `_chart.j2` draws it as inline SVG: an image with a title and a description that
say what it shows in words; the table of measurements beside it gives the same figures, so no
one needs to see it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tda.queries.outcomes import STATUS_TEXT, Progress

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 124, 20, 16, 40


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def describe(row: Progress) -> str:
    """The chart's text alternative: where the key result stands, in one sentence."""
    result = row.result
    latest = (
        f"latest {number(row.latest.value)} {result.unit} on {row.latest.date}"
        if row.latest
        else "not measured yet"
    )
    share = f", {row.fraction * 100:.0f}% of the way" if row.fraction is not None else ""
    return (
        f"{result.metric}: {latest}{share} from baseline {number(result.baseline)} to target "
        f"{number(result.target)} {result.unit} due {result.due}; {STATUS_TEXT[row.status]}. "
        f"{len(result.measurements)} measurements."
    )


@dataclass(frozen=True, slots=True)
class Level:
    """A horizontal line across the plot: the baseline or the target."""

    name: str
    value: str
    y: float
    css: str


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Chart:
    ident: str
    title: str
    description: str
    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    levels: list[Level]
    pace: tuple[Point, Point] | None
    due_x: float
    due: str
    start: str
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def key_result_chart(row: Progress, ident: str) -> Chart:
    """Baseline and target as horizontal lines, the due date as a vertical one, an even pace
    as a dashed diagonal, and the measurements as a line of points."""
    result = row.result
    readings = sorted(result.measurements, key=lambda m: m.date)
    days = [result.due, *(m.date for m in readings)] + ([result.since] if result.since else [])
    start, end = min(days), max(days)
    if start == end:
        start = end - dt.timedelta(days=1)
    values = [result.baseline, result.target, *(m.value for m in readings)]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - start).days / (end - start).days, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (high - value) / (high - low), 1)

    levels = [
        Level("baseline", number(result.baseline), y(result.baseline), "tda-chart-baseline"),
        Level("target", number(result.target), y(result.target), "tda-chart-target"),
    ]
    pace_from = result.since or (readings[0].date if readings else None)
    pace = None
    if pace_from is not None and pace_from < result.due:
        pace = (Point(x(pace_from), y(result.baseline)), Point(x(result.due), y(result.target)))
    return Chart(
        ident=ident,
        title=str(result.metric),
        description=describe(row),
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        plot_w=plot_w,
        plot_h=plot_h,
        levels=levels,
        pace=pace,
        due_x=x(result.due),
        due=str(result.due),
        start=str(start),
        points=[Point(x(m.date), y(m.value)) for m in readings],
    )
