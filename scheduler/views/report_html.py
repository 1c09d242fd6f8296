"""The five-rule report as one printable HTML page with inline SVG charts (no script, no fetches)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from scheduler.insights.figures import FAR_BELOW, MIN_SLOT_POSTS, MIN_SLOTS
from scheduler.insights.suggest import missing
from scheduler.views import UNKNOWN_COLOUR, environment, type_colours
from scheduler.views.report import human_duration
from scheduler.views.svg import Series, bar_chart, heatmap, line_chart

if TYPE_CHECKING:
    from scheduler.views.report import Report, TargetProgress

STATE_COLOURS = {"published": "#2e8b57", "failed": "#c4362b", "missed": "#e08a1e", "open": "#9aa3ad"}
PLANNED_COLOUR = "#6b7280"
MEASURED_COLOUR = "#2f6fba"


def _week_labels(report: Report) -> list[str]:
    return [week.strftime("%d %b") for week in report.weeks]


def mix_chart(report: Report, account: str, colours: dict[str, str]) -> Markup:
    """Share of each type among the week's published posts; selling types at the bottom, under the limit line."""
    weeks = report.mix[account]
    names = sorted({t for w in weeks for t in w.published} | set(report.plan.types),
                   key=lambda t: (not (report.plan.types.get(t) and report.plan.types[t].selling),
                                  list(report.plan.types).index(t) if t in report.plan.types else 99, t))
    series = [Series(name, colours.get(name, UNKNOWN_COLOUR),
                     [(w.published.get(name, 0) / w.total) if w.total else None for w in weeks]) for name in names]
    limit = ("max selling {share:.0%}".format(share=report.plan.mix.max_selling), report.plan.mix.max_selling)
    return bar_chart(f"chart-mix-{account}", "Published posts by type per week, {a}".format(a=account),
                     _week_labels(report), series, percent=True, y_max=1.0,
                     limit=limit)


def days_chart(report: Report) -> Markup:
    days = report.days
    series = [Series(state, colour, [getattr(d, state) for d in days]) for state, colour in STATE_COLOURS.items()]
    every = max(1, len(days) // 12)
    return bar_chart("chart-days", "Posts per day by outcome", [d.day.strftime("%d %b") for d in days], series,
                     label_every=every, limit=None)


def response_rate_chart(report: Report, account: str) -> Markup:
    weeks = report.responses[account]
    return bar_chart(f"chart-response-{account}", "Comments answered per week, {a}".format(a=account),
                     _week_labels(report),
                     [Series("answered", "#2e8b57", [w.response_rate for w in weeks])], percent=True, y_max=1.0)


def response_time_chart(report: Report, account: str) -> Markup:
    weeks = report.responses[account]
    hours = [w.median_response / timedelta(hours=1) if w.median_response is not None else None for w in weeks]
    within = report.plan.engagement.reply_within
    limit = None if within is None else (
        "reply within {t}".format(t=human_duration(within)), within / timedelta(hours=1))
    return bar_chart(f"chart-response-time-{account}", "Median hours to answer per week, {a}".format(a=account),
                     _week_labels(report),
                     [Series("median hours", "#7a5cc7", hours)], limit=limit)


def target_chart(report: Report, index: int, target: TargetProgress) -> Markup:
    plan = report.plan
    start = min([d for d in (target.start, target.measured[0][0] if target.measured else None) if d]
                or [report.today])
    end = max([d for d in (target.by, plan.end, target.measured[-1][0] if target.measured else None) if d]
              or [start])
    series = []
    if target.baseline is not None and target.goal is not None and target.by is not None:
        series.append((Series("planned line", PLANNED_COLOUR, [target.baseline, target.goal], dashed=True),
                       [start, target.by]))
    if target.measured:
        series.append((Series("measured", MEASURED_COLOUR, [v for _, v in target.measured]),
                       [d for d, _ in target.measured]))
    return line_chart(f"chart-target-{index}", "{m}: planned line and measured values".format(m=target.metric),
                      start, end, series)


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def audience_heatmap(report: Report, account: str) -> Markup | None:
    """Median engagements per post by weekday and local hour, over the hours the account posted at."""
    heat = report.audience[account].heat
    if not heat:
        return None
    hours = [h for _, h in heat]
    first, last = max(min(hours) - 1, 0), min(max(hours) + 1, 23)
    columns = list(range(first, last + 1))
    cells = {}
    for (day, hour), summary in heat.items():
        if summary.median is None:
            continue
        tip = "{day} {hour:02d}:00: median {m} engagements over {n} post(s)".format(
            day=WEEKDAYS[day], hour=hour, m=_figure(summary.median), n=summary.posts)
        cells[(day, columns.index(hour))] = (summary.median, _figure(summary.median), tip)
    return heatmap(f"chart-heatmap-{account}", "Engagements per post by weekday and hour, {a}".format(a=account),
                   WEEKDAYS, [f"{h:02d}" for h in columns], cells)


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2g}"


def render(report: Report) -> str:
    colours = type_colours(list(report.plan.types))
    charts = {
        "targets": [target_chart(report, i, t) for i, t in enumerate(report.targets)],
        "mix": {a: mix_chart(report, a, colours) for a in report.mix},
        "days": days_chart(report) if report.days else None,
        "response": {a: (response_rate_chart(report, a), response_time_chart(report, a))
                     for a in report.responses},
        "heatmap": {a: audience_heatmap(report, a) for a in report.audience},
    }
    return environment().get_template("report.html").render(
        report=report, plan=report.plan, charts=charts, colours=colours, state_colours=STATE_COLOURS,
        planned_colour=PLANNED_COLOUR, measured_colour=MEASURED_COLOUR, human_duration=human_duration,
        made=report.now.astimezone(report.plan.tz).strftime("%Y-%m-%d %H:%M %Z"), figure=_figure,
        limits={"slot_posts": MIN_SLOT_POSTS, "slots": MIN_SLOTS, "far_below": FAR_BELOW}, missing=missing)


def write(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report), encoding="utf-8")
    return path
