"""A server-rendered SVG chart of an indicator's series: a line through
the values of its periods (bars for a yes/no indicator), with its axis and
labels. No script, nothing fetched: the page shows it as it is, and a table
beside it says the same for screen readers.

Pure logic: nothing here imports CKAN. Every text put into the SVG (the
title, periods, axis labels) is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
TICKS = 5


@dataclass(frozen=True)
class Point:
    period: str
    value: float


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    ticks: tuple[float, ...]


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about TICKS ticks."""
    raw = span / (TICKS - 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)


def scale(values: Sequence[float], yes_no: bool = False) -> Scale:
    """The vertical axis: from 0 (or the lowest value, when negative) to a
    round number at or above the highest."""
    if yes_no:
        return Scale(0.0, 1.0, (0.0, 1.0))
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    count = int(round((high - low) / step))
    return Scale(low, high, tuple(round(low + i * step, 10) for i in range(count + 1)))


def plot(points: Sequence[Point], axis: Scale) -> list[tuple[float, float]]:
    """Where each point goes: periods spread evenly from left to right,
    values from the bottom (``axis.low``) to the top (``axis.high``)."""
    inner_width, inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_width / len(points) if points else 0
    return [
        (
            round(LEFT + step * (index + 0.5), 2),
            round(TOP + inner_height * (1 - (point.value - axis.low) / (axis.high - axis.low)), 2),
        )
        for index, point in enumerate(points)
    ]


def _number(value: float) -> str:
    return "{:,.10g}".format(value) if value != int(value) else "{:,}".format(int(value))


def svg(
    points: Sequence[Point], title: str, chart_id: str, yes_no: bool = False, yes: str = "yes", no: str = "no"
) -> str:
    """The chart as an SVG element (empty when there is no point); ``yes``
    and ``no`` label a yes/no indicator's axis (translated by the caller)."""
    if not points:
        return ""
    axis = scale([point.value for point in points], yes_no)
    where = plot(points, axis)
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="simore-indicator-chart" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" aria-labelledby="{id}-title">'.format(w=WIDTH, h=HEIGHT, id=escape(chart_id)),
        '<title id="{}-title">{}</title>'.format(escape(chart_id), escape(title)),
    ]
    for tick in axis.ticks:
        y = plot([Point("", tick)], axis)[0][1]
        label = (yes if tick else no) if yes_no else _number(tick)
        parts.append(
            '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="#ddd"/>'
            '<text x="{x}" y="{ty}" text-anchor="end" font-size="11">{label}</text>'.format(
                l=LEFT, r=right, y=y, x=LEFT - 6, ty=round(y + 4, 2), label=escape(label)
            )
        )
    parts.append('<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#555"/>'.format(l=LEFT, r=right, b=bottom))
    width = (WIDTH - LEFT - RIGHT) / len(points)
    for point, (x, y) in zip(points, where):
        parts.append(
            '<text x="{x}" y="{y}" text-anchor="middle" font-size="11">{label}</text>'.format(
                x=x, y=bottom + 16, label=escape(point.period)
            )
        )
        if yes_no:
            parts.append(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#2c6e9b"><title>{t}</title></rect>'.format(
                    x=round(x - width * 0.3, 2),
                    y=y,
                    w=round(width * 0.6, 2),
                    h=round(bottom - y, 2),
                    t=escape("{}: {}".format(point.period, yes if point.value else no)),
                )
            )
    if not yes_no:
        parts.append(
            '<polyline fill="none" stroke="#2c6e9b" stroke-width="2" points="{}"/>'.format(
                " ".join("{},{}".format(x, y) for x, y in where)
            )
        )
        for point, (x, y) in zip(points, where):
            parts.append(
                '<circle cx="{x}" cy="{y}" r="4" fill="#2c6e9b"><title>{t}</title></circle>'.format(
                    x=x, y=y, t=escape("{}: {}".format(point.period, _number(point.value)))
                )
            )
    parts.append("</svg>")
    return "".join(parts)
