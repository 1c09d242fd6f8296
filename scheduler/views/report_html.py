"""The five-rule report as one printable HTML page with inline SVG charts (no script, no fetches)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from scheduler.i18n import N_, _, day_name, language, ngettext, percent
from scheduler.insights.figures import FAR_BELOW, MIN_SLOT_POSTS, MIN_SLOTS
from scheduler.insights.suggest import missing
from scheduler.views import UNKNOWN_COLOUR, environment, type_colours
from scheduler.views.report import figure, human_duration
from scheduler.views.svg import Series, bar_chart, heatmap, line_chart

if TYPE_CHECKING:
    from scheduler.views.report import Report, TargetProgress

STATE_COLOURS = {"published": "#2e8b57", "failed": "#c4362b", "missed": "#e08a1e", "open": "#9aa3ad"}
#: what each state is called on the page (translated where shown)
STATE_NAMES = {"published": N_("published"), "failed": N_("failed"), "missed": N_("missed"), "open": N_("open"),
               "planned": N_("planned")}
PLANNED_COLOUR = "#6b7280"
MEASURED_COLOUR = "#2f6fba"


def short_day(day: object) -> str:
    """A day as a chart's label: 07 Dec (07 Des)."""
    return day_name(day, "dd MMM")


def _week_labels(report: Report) -> list[str]:
    return [short_day(week) for week in report.weeks]


def mix_chart(report: Report, account: str, colours: dict[str, str]) -> Markup:
    """Share of each type among the week's published posts; selling types at the bottom, under the limit line."""
    weeks = report.mix[account]
    names = sorted({t for w in weeks for t in w.published} | set(report.plan.types),
                   key=lambda t: (not (report.plan.types.get(t) and report.plan.types[t].selling),
                                  list(report.plan.types).index(t) if t in report.plan.types else 99, t))
    if report.planned_only:
        series = [Series(name, colours.get(name, UNKNOWN_COLOUR), [w.planned_share(name) for w in weeks])
                  for name in names]
        title = _("Planned posts by type per week, {a}").format(a=account)
    else:
        series = [Series(name, colours.get(name, UNKNOWN_COLOUR),
                         [(w.published.get(name, 0) / w.total) if w.total else None for w in weeks]) for name in names]
        title = _("Published posts by type per week, {a}").format(a=account)
    limit = (_("max selling {share}").format(share=percent(report.plan.mix.max_selling)), report.plan.mix.max_selling)
    return bar_chart(f"chart-mix-{account}", title,
                     _week_labels(report), series, percent=True, y_max=1.0,
                     limit=limit)


def days_chart(report: Report) -> Markup:
    days = report.days
    every = max(1, len(days) // 12)
    labels = [short_day(d.day) for d in days]
    if report.planned_only:
        return bar_chart("chart-days", _("Posts planned per day"), labels,
                         [Series(_(STATE_NAMES["planned"]), STATE_COLOURS["open"], [d.planned for d in days])],
                         label_every=every, limit=None)
    series = [Series(_(STATE_NAMES[state]), colour, [getattr(d, state) for d in days])
              for state, colour in STATE_COLOURS.items()]
    return bar_chart("chart-days", _("Posts per day by outcome"), labels, series, label_every=every, limit=None)


def response_rate_chart(report: Report, account: str) -> Markup:
    weeks = report.responses[account]
    return bar_chart(f"chart-response-{account}", _("Comments answered per week, {a}").format(a=account),
                     _week_labels(report),
                     [Series(_("answered"), "#2e8b57", [w.response_rate for w in weeks])], percent=True, y_max=1.0)


def response_time_chart(report: Report, account: str) -> Markup:
    weeks = report.responses[account]
    times = [w.median_response for w in weeks if w.median_response is not None]
    within = report.plan.engagement.reply_within
    # minutes when the answers came within the hour (and the plan asks for no more than a few hours)
    unit, title, name = (timedelta(minutes=1), _("Median minutes to answer per week, {a}"), _("median minutes")) \
        if times and max(times) < timedelta(hours=1) else \
        (timedelta(hours=1), _("Median hours to answer per week, {a}"), _("median hours"))
    values = [w.median_response / unit if w.median_response is not None else None for w in weeks]
    limit = None if within is None else (
        _("reply within {t}").format(t=human_duration(within)), within / unit)
    return bar_chart(f"chart-response-time-{account}", title.format(a=account), _week_labels(report),
                     [Series(name, "#7a5cc7", values)], limit=limit)


def target_chart(report: Report, index: int, target: TargetProgress) -> Markup:
    plan = report.plan
    start = min([d for d in (target.start, target.measured[0][0] if target.measured else None) if d]
                or [report.today])
    end = max([d for d in (target.by, plan.end, target.measured[-1][0] if target.measured else None) if d]
              or [start])
    series = []
    if target.baseline is not None and target.goal is not None and target.by is not None:
        series.append((Series(_("planned line"), PLANNED_COLOUR, [target.baseline, target.goal], dashed=True),
                       [start, target.by]))
    if target.measured:
        series.append((Series(_("measured"), MEASURED_COLOUR, [v for _d, v in target.measured]),
                       [d for d, _v in target.measured]))
    return line_chart(f"chart-target-{index}", _("{m}: planned line and measured values").format(m=target.metric),
                      start, end, series)


def _weekdays() -> list[str]:
    from datetime import date

    return [day_name(date(2026, 11, 30) + timedelta(days=i), "EEE") for i in range(7)]  # a Monday, then the week


def audience_heatmap(report: Report, account: str) -> Markup | None:
    """Median engagements per post by weekday and local hour, over the hours the account posted at."""
    heat = report.audience[account].heat
    if not heat:
        return None
    hours = [h for _, h in heat]
    first, last = max(min(hours) - 1, 0), min(max(hours) + 1, 23)
    columns = list(range(first, last + 1))
    cells = {}
    weekdays = _weekdays()
    for (day, hour), summary in heat.items():
        if summary.median is None:
            continue
        tip = ngettext("{day} {hour:02d}:00: median {m} engagements over {n} post",
                       "{day} {hour:02d}:00: median {m} engagements over {n} posts", summary.posts).format(
            day=weekdays[day], hour=hour, m=_figure(summary.median), n=summary.posts)
        cells[(day, columns.index(hour))] = (summary.median, _figure(summary.median), tip)
    return heatmap(f"chart-heatmap-{account}", _("Engagements per post by weekday and hour, {a}").format(a=account),
                   weekdays, [f"{h:02d}" for h in columns], cells)


def _figure(value: float) -> str:
    """A heatmap cell: whole numbers from 10 up, two significant digits below."""
    return figure(round(value)) if abs(value) >= 10 else figure(float(f"{value:.2g}"))


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
    states = ([(_(STATE_NAMES["planned"]), STATE_COLOURS["open"])] if report.planned_only else
              [(_(STATE_NAMES[state]), colour) for state, colour in STATE_COLOURS.items()])
    return environment().get_template("report.html").render(
        report=report, plan=report.plan, charts=charts, colours=colours, state_names=states,
        planned_colour=PLANNED_COLOUR, measured_colour=MEASURED_COLOUR, human_duration=human_duration,
        made=report.now.astimezone(report.plan.tz).strftime("%Y-%m-%d %H:%M %Z"), figure=figure,
        limits={"slot_posts": MIN_SLOT_POSTS, "slots": MIN_SLOTS, "far_below": FAR_BELOW}, missing=missing,
        _=_, ngettext=ngettext, percent=percent, short_day=short_day, lang=language(),
        went_out=lambda when: day_name(when.astimezone(report.plan.tz), "EEE dd MMM") + when.astimezone(
            report.plan.tz).strftime(" %H:%M"))


def write(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report), encoding="utf-8")
    return path
