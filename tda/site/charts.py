"""A key result's progress drawn as a small inline SVG chart when the site is built.

The chart is an image with a title and a description that say what it shows in words; the
table of measurements beside it gives the same figures, so no one needs to see it.
"""

from __future__ import annotations

import datetime as dt

from tda.queries.outcomes import STATUS_TEXT, Progress
from tda.site.html import esc

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 124, 20, 16, 40


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def describe(row: Progress) -> str:
    """The chart's text alternative: where the key result stands, in one sentence."""
    result = row.result
    latest = (
        f"latest {_number(row.latest.value)} {result.unit} on {row.latest.date}"
        if row.latest
        else "not measured yet"
    )
    share = f", {row.fraction * 100:.0f}% of the way" if row.fraction is not None else ""
    return (
        f"{result.metric}: {latest}{share} from baseline {_number(result.baseline)} to target "
        f"{_number(result.target)} {result.unit} due {result.due}; {STATUS_TEXT[row.status]}. "
        f"{len(result.measurements)} measurements."
    )


def key_result_chart(row: Progress, ident: str) -> str:
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
        return LEFT + plot_w * (day - start).days / (end - start).days

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tda-chart" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{esc(result.metric)}</title>',
        f'<desc id="{ident}-desc">{esc(describe(row))}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="tda-chart-area"/>',
    ]
    for value, name, css in (
        (result.baseline, "baseline", "tda-chart-baseline"),
        (result.target, "target", "tda-chart-target"),
    ):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'class="{css}"/><text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'class="tda-chart-label">{name} {esc(_number(value))}</text>'
        )
    pace_from = result.since or (readings[0].date if readings else None)
    if pace_from is not None and pace_from < result.due:
        parts.append(
            f'<line x1="{x(pace_from):.1f}" y1="{y(result.baseline):.1f}" x2="{x(result.due):.1f}" '
            f'y2="{y(result.target):.1f}" class="tda-chart-pace"/>'
        )
    parts.append(
        f'<line x1="{x(result.due):.1f}" x2="{x(result.due):.1f}" y1="{TOP}" '
        f'y2="{TOP + plot_h}" class="tda-chart-due"/>'
        f'<text x="{x(result.due):.1f}" y="{HEIGHT - 22}" text-anchor="end" '
        f'class="tda-chart-label">due {result.due}</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 6}" class="tda-chart-label">{start}</text>'
    )
    if readings:
        points = " ".join(f"{x(m.date):.1f},{y(m.value):.1f}" for m in readings)
        parts.append(f'<polyline points="{points}" class="tda-chart-line"/>')
        parts += [
            f'<circle cx="{x(m.date):.1f}" cy="{y(m.value):.1f}" r="4" class="tda-chart-point"/>'
            for m in readings
        ]
    parts.append("</svg>")
    return "".join(parts)
