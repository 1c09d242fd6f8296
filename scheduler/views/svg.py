"""Small charts as inline SVG: stacked bars and lines, drawn here so the pages need no script or fetch.

Every chart is an `<svg role="img">` with a title; each bar group is a
`<g class="bar">` with a `<title>` (the browser's tooltip, and what a screen
reader reads). Text is escaped: labels may come from the plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 44


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    colour: str
    values: Sequence[float | None]  # one per category (bars) or per x (lines)
    dashed: bool = False


def _fmt(value: float, percent: bool) -> str:
    """A tick or a tooltip's value in the user's language (20% / 1,428 / 0.031; 1.428 / 0,031)."""
    from scheduler.i18n import percent as as_percent
    from scheduler.views.report import figure

    return as_percent(value) if percent else figure(value)


def _nice_max(value: float) -> float:
    """A round top for the y axis at or above `value`."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))  # fractions too: an engagement rate of 0.03
    for mult in (1, 2, 2.5, 5, 10):
        if value <= mult * step:
            return mult * step
    return 10.0 * step


def _frame(test_id: str, title: str, body: list[str], y_max: float, y_min: float, percent: bool) -> Markup:
    plot_h = HEIGHT - TOP - BOTTOM
    grid = []
    for i in range(5):
        value = y_min + (y_max - y_min) * i / 4
        y = TOP + plot_h - plot_h * i / 4
        grid.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                    f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="ytick">{escape(_fmt(value, percent))}</text>')
    return Markup(
        f'<figure class="chart-box"><figcaption>{escape(title)}</figcaption>'
        f'<svg class="chart" data-testid="{escape(test_id)}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(grid) + "".join(body) + "</svg></figure>")


def bar_chart(test_id: str, title: str, categories: Sequence[str], series: Sequence[Series], *,
              percent: bool = False, y_max: float | None = None, limit: tuple[str, float] | None = None,
              label_every: int = 1) -> Markup:
    """Stacked bars, one group per category; `limit` draws a labelled horizontal line (e.g. a maximum share)."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    highest = max([*totals, limit[1] if limit else 0, 0])
    top = y_max if y_max is not None else (4 * math.ceil(highest / 4) or 4) if highest <= 16 else _nice_max(highest)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    bar_w = max(slot * 0.7, 1.0)
    body = []
    for i, category in enumerate(categories):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y: float = TOP + plot_h
        parts, tip = [], [str(category)]
        for s in series:
            value = s.values[i] or 0
            if value <= 0:
                continue
            h = plot_h * min(value / top, 1.0)
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.colour}"/>')
            tip.append(f"{s.name}: {_fmt(value, percent)}")
        body.append(f'<g class="bar" data-category="{escape(category)}"><title>{escape(" / ".join(tip))}</title>'
                    + "".join(parts) + "</g>")
        if i % label_every == 0:
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" class="xtick">'
                        f"{escape(category)}</text>")
    if limit is not None:
        name, value = limit
        y = TOP + plot_h - plot_h * min(value / top, 1.0)
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="limit"/>'
                    f'<text x="{WIDTH - RIGHT}" y="{y - 4:.1f}" class="limit-label">{escape(name)}</text>')
    return _frame(test_id, title, body, top, 0.0, percent)


def line_chart(test_id: str, title: str, start: date, end: date,
               series: Sequence[tuple[Series, Sequence[date]]]) -> Markup:
    """Lines over dates from `start` to `end`; each series gives its values and their dates. Dots mark values."""
    values = [v for s, _ in series for v in s.values if v is not None]
    if not values:
        values = [0.0, 1.0]
    low, high = min(values), max(values)
    step = _nice_max((high - low) / 4 or max(abs(high), 1.0) / 4)  # four round steps cover the values
    low = math.floor(low / step) * step
    high = low + 4 * step if low + 4 * step >= high else math.ceil(high / step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    days = max((end - start).days, 1)

    def xy(day: date, value: float) -> tuple[float, float]:
        return (LEFT + plot_w * (day - start).days / days, TOP + plot_h - plot_h * (value - low) / (high - low))

    body = []
    for s, dates in series:
        points = [xy(d, v) for d, v in zip(dates, s.values, strict=True) if v is not None]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        body.append(f'<g class="line" data-series="{escape(s.name)}"><title>{escape(s.name)}</title>'
                    f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2.5"{dash}/>')
        if not s.dashed:
            body.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.colour}"/>' for x, y in points)
        body.append("</g>")
    for day in (start, end):
        x, _ = xy(day, low)
        anchor = "start" if day == start else "end"
        body.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" class="xtick" style="text-anchor: {anchor}">'
                    f"{day.isoformat()}</text>")
    return _frame(test_id, title, body, high, low, False)


def heatmap(test_id: str, title: str, rows: Sequence[str], columns: Sequence[str],
            cells: dict[tuple[int, int], tuple[float, str, str]], colour: str = "#2f6fba") -> Markup:
    """A grid of rows x columns; `cells[(row, column)]` is (value, text shown in the cell, tooltip).

    A cell's colour deepens with its value (the highest is full `colour`); empty cells stay pale grey.
    """
    left, top, bottom, right = 48, 8, 30, 16
    cell_w = (WIDTH - left - right) / max(len(columns), 1)
    cell_h = 24
    height = top + cell_h * len(rows) + bottom
    highest = max((value for value, _, _ in cells.values()), default=0.0) or 1.0
    body = []
    for r, name in enumerate(rows):
        y = top + r * cell_h
        body.append(f'<text x="{left - 6}" y="{y + cell_h / 2 + 4:.1f}" class="ytick">{escape(name)}</text>')
        for c in range(len(columns)):
            x = left + c * cell_w
            found = cells.get((r, c))
            if found is None:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                            f'fill="#f1f2f4"/>')
                continue
            value, shown, tip = found
            share = max(value / highest, 0.0)
            ink = "#fff" if share > 0.55 else "#1f2328"
            body.append(
                f'<g class="cell" data-row="{r}" data-column="{c}"><title>{escape(tip)}</title>'
                f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" fill="{colour}" '
                f'fill-opacity="{0.12 + 0.88 * share:.2f}"/>'
                f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + cell_h / 2 + 3:.1f}" class="cell-text" '
                f'fill="{ink}">{escape(shown)}</text></g>')
    for c, name in enumerate(columns):
        x = left + c * cell_w + (cell_w - 2) / 2
        body.append(f'<text x="{x:.1f}" y="{top + cell_h * len(rows) + 16}" class="xtick">{escape(name)}</text>')
    return Markup(
        f'<figure class="chart-box"><figcaption>{escape(title)}</figcaption>'
        f'<svg class="chart" data-testid="{escape(test_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body) + "</svg></figure>")
