"""The plan as a month calendar: which posts fall on which local day, and which days break a rule.

Findings carry a file line, not a day. A finding is placed on a day in two
structured ways: its line is a post's `[[post]]` line (the post's local day),
or its message names ISO dates inside the plan's range (the rules write
"no posts on 2026-12-05", "from 2026-12-01 to 2026-12-07"). A finding that
lands on no day (a missing goal, a missing target) is plan-wide.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from scheduler.timeline import preview
from scheduler.views import UNKNOWN_COLOUR, type_colours

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.model import Plan, Post

#: words of a post's text shown in its day cell
CELL_WORDS = 7
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True, slots=True)
class TypeKey:
    """One entry of the legend."""

    name: str
    colour: str
    selling: bool
    interactive: bool


@dataclass(frozen=True, slots=True)
class CellPost:
    id: str
    account: str
    time: str  # local wall time, HH:MM
    type: str
    colour: str
    words: str  # the first words of the text
    text: str


@dataclass(slots=True)
class Day:
    day: date
    in_plan: bool  # inside [start, end]
    posts: list[CellPost] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day | None]]  # Monday first; None pads days of other months

    @property
    def title(self) -> str:
        return date(self.year, self.month, 1).strftime("%B %Y")


@dataclass(frozen=True, slots=True)
class CalendarView:
    plan: Plan
    months: list[Month]
    legend: list[TypeKey]
    plan_wide: list[Finding]  # findings placed on no day
    posts: int

    @property
    def accounts(self) -> list[str]:
        return list(self.plan.accounts)


def finding_days(plan: Plan, findings: list[Finding]) -> tuple[dict[date, list[Finding]], list[Finding]]:
    """Each finding's days (by its post line, then the dates it names), and those placed on no day."""
    by_line: dict[int, set[date]] = defaultdict(set)
    for post in plan.posts:
        by_line[post.line].add(post.day)
    first, last = _span(plan)
    placed: dict[date, list[Finding]] = defaultdict(list)
    plan_wide: list[Finding] = []
    for finding in findings:
        days = set(by_line.get(finding.line or -1, ()))
        for y, m, d in ISO_DATE.findall(finding.message):
            try:
                named = date(int(y), int(m), int(d))
            except ValueError:
                continue
            if first is not None and last is not None and first <= named <= last:
                days.add(named)
        for day in days:
            placed[day].append(finding)
        if not days:
            plan_wide.append(finding)
    return placed, plan_wide


def _span(plan: Plan) -> tuple[date | None, date | None]:
    """The days to draw: the plan's range, widened to any post outside it."""
    days = [d for d in (plan.start, plan.end) if d is not None]
    if plan.posts:
        days += [plan.posts[0].day, plan.posts[-1].day]
    return (min(days), max(days)) if days else (None, None)


def build(plan: Plan, findings: list[Finding]) -> CalendarView:
    """The month grid of `plan` with its posts and the days its findings fall on."""
    colours = type_colours(list(plan.types))
    legend = [TypeKey(name, colours[name], t.selling, t.interactive) for name, t in plan.types.items()]
    if any(p.type not in plan.types for p in plan.posts):
        legend.append(TypeKey("(undeclared type)", UNKNOWN_COLOUR, False, False))
    by_day: dict[date, list[Post]] = defaultdict(list)
    for post in plan.posts:
        by_day[post.day].append(post)
    placed, plan_wide = finding_days(plan, findings)
    first, last = _span(plan)
    months: list[Month] = []
    if first is not None and last is not None:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            weeks = [[_day(d, plan, by_day, placed, colours) if d.month == month else None for d in week]
                     for week in stdlib_calendar.Calendar(0).monthdatescalendar(year, month)]
            months.append(Month(year, month, weeks))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return CalendarView(plan, months, legend, plan_wide, len(plan.posts))


def _day(day: date, plan: Plan, by_day: dict[date, list[Post]], placed: dict[date, list[Finding]],
         colours: dict[str, str]) -> Day:
    in_plan = plan.start is not None and plan.end is not None and plan.start <= day <= plan.end
    posts = sorted(by_day.get(day, ()), key=lambda p: (p.account, p.local))  # by account, then time
    cells = [CellPost(p.id, p.account, p.local.strftime("%H:%M"), p.type, colours.get(p.type, UNKNOWN_COLOUR),
                      preview(p.text, CELL_WORDS), p.text) for p in posts]
    return Day(day, in_plan, cells, sorted(placed.get(day, ()), key=lambda f: (f.rule, f.line or 0)))
