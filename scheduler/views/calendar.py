"""The plan as a month calendar: which posts fall on which local day, and which days break a rule.

A finding is placed on the days it carries (`Finding.days`: the empty day, the
week that sells too much); a finding without days (from a rule plugin) on the
day of the post its line points at; else it is about the whole plan. Message
text is never read for dates.

Within a day, posts are in time order; a `[[post]]` written once for several
accounts is one entry naming them all. Each entry knows its pictures (checked
and measured like R1 does: only files inside the plan's folders, by their
content) and has a preview per account of how its platform will show it
(`scheduler.views.preview`).
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.views import UNKNOWN_COLOUR, type_colours
from scheduler.views import preview as previews

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.media import MediaInfo
    from scheduler.plan.model import Plan, Post

#: words of a post's text shown in its day cell, and the longest word shown whole there
CELL_WORDS = 7
CELL_WORD_CHARS = 18


@dataclass(frozen=True, slots=True)
class TypeKey:
    """One entry of the legend."""

    name: str
    colour: str
    selling: bool
    interactive: bool


@dataclass(frozen=True, slots=True)
class Picture:
    """One media file of a post, as its bytes say (None sizes: unknown or not a readable picture)."""

    path: Path  # resolved, inside the plan's folders
    name: str  # as the plan writes it
    kind: str  # "image" or "video"; "" when the file is not usable (R1 says why)
    width: int | None
    height: int | None


@dataclass(frozen=True, slots=True)
class CellPost:
    """One [[post]] on one day: one entry however many accounts it goes to."""

    key: str  # the anchor of its preview ("p-" + the first post id)
    day: date
    ids: tuple[str, ...]
    accounts: tuple[str, ...]
    time: str  # local wall time, HH:MM
    type: str
    colour: str
    words: str  # the first words of the text
    text: str
    line: int
    pictures: tuple[Picture, ...]
    previews: tuple[previews.Preview, ...]  # one per account

    @property
    def videos(self) -> int:
        return sum(p.kind == "video" for p in self.pictures)


@dataclass(slots=True)
class Day:
    day: date
    in_plan: bool  # inside [start, end]
    posts: list[CellPost] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    weeks: list[list[Day | None]]  # Monday first; None pads days of other months

    @property
    def title(self) -> str:
        from scheduler.plan.dates import month_name

        return f"{month_name(self.month)} {self.year}"

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day is not None]


@dataclass(frozen=True, slots=True)
class CalendarView:
    plan: Plan
    months: list[Month]
    legend: list[TypeKey]
    plan_wide: list[Finding]  # findings placed on no day
    posts: int  # posts as the daemon counts them: one per account

    @property
    def accounts(self) -> list[str]:
        return list(self.plan.accounts)

    @property
    def entries(self) -> list[CellPost]:
        """Every entry in time order (the previews' order)."""
        return [post for month in self.months for day in month.days for post in day.posts]

    @property
    def pictures(self) -> list[Picture]:
        """Every distinct usable picture, in order of first use."""
        seen: dict[Path, Picture] = {}
        for entry in self.entries:
            for picture in entry.pictures:
                if picture.kind == "image":
                    seen.setdefault(picture.path, picture)
        return list(seen.values())


def finding_days(plan: Plan, findings: list[Finding]) -> tuple[dict[date, list[Finding]], list[Finding]]:
    """Each finding's days (`Finding.days`, else its post's day), and the findings placed on no day."""
    by_line: dict[int, set[date]] = defaultdict(set)
    for post in plan.posts:
        by_line[post.line].add(post.day)
    placed: dict[date, list[Finding]] = defaultdict(list)
    plan_wide: list[Finding] = []
    for finding in findings:
        days = set(finding.days) or by_line.get(finding.line or -1, set())
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
        from scheduler.i18n import _

        legend.append(TypeKey(_("(undeclared type)"), UNKNOWN_COLOUR, False, False))
    by_day: dict[date, list[Post]] = defaultdict(list)
    for post in plan.posts:
        by_day[post.day].append(post)
    placed, plan_wide = finding_days(plan, findings)
    media = _Media(plan)
    first, last = _span(plan)
    months: list[Month] = []
    if first is not None and last is not None:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            weeks = [[_day(d, plan, by_day, placed, colours, media) if d.month == month else None for d in week]
                     for week in stdlib_calendar.Calendar(0).monthdatescalendar(year, month)]
            months.append(Month(year, month, weeks))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return CalendarView(plan, months, legend, plan_wide, len(plan.posts))


def _day(day: date, plan: Plan, by_day: dict[date, list[Post]], placed: dict[date, list[Finding]],
         colours: dict[str, str], media: _Media) -> Day:
    in_plan = plan.start is not None and plan.end is not None and plan.start <= day <= plan.end
    groups: dict[tuple[int, object, str, str], list[Post]] = {}
    for post in sorted(by_day.get(day, ()), key=lambda p: (p.local, p.account)):  # time order
        # one [[post]] for several accounts: same line, time, type and text (line 0: built without a file)
        groups.setdefault((post.line, post.local, post.type, post.text), []).append(post)
    cells = [_entry(posts, plan, colours, media) for posts in groups.values()]
    return Day(day, in_plan, cells, sorted(placed.get(day, ()), key=lambda f: (f.severity != "error", f.rule,
                                                                                 f.line or 0)))


def _entry(posts: list[Post], plan: Plan, colours: dict[str, str], media: _Media) -> CellPost:
    first = posts[0]
    pictures = tuple(media.picture(path, first.account) for path in first.media)
    sizes = [(p.width, p.height) for p in pictures if p.kind]
    shown = []
    for post in posts:
        account = plan.accounts.get(post.account)
        shown.append(previews.build(post.text, account=post.account, handle=account.handle if account else "",
                                    platform=account.platform if account else "", pictures=sizes,
                                    hashtag_limit=media.hashtag_limit(account.platform, account.packs)
                                    if account else None))
    return CellPost(
        "p-" + first.id, first.day, tuple(p.id for p in posts), tuple(p.account for p in posts), f"{first.local:%H:%M}",
        first.type, colours.get(first.type, UNKNOWN_COLOUR), cell_words(first.text), first.text, first.line,
        pictures, tuple(shown))


def cell_words(text: str) -> str:
    """The first words of a post for a day cell; a word too long for a cell is shortened, never broken."""
    parts = text.split()
    words = [w if len(w) <= CELL_WORD_CHARS else w[: CELL_WORD_CHARS - 1] + "…" for w in parts[:CELL_WORDS]]
    return " ".join(words) + (" …" if len(parts) > CELL_WORDS else "")


class _Media:
    """Each media file checked once (confined to the account's folders, read by content), as R1 does;
    each platform pack's hashtag limit read once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.seen: dict[tuple[Path, str], Picture] = {}
        self.limits: dict[tuple[str, Path | None], int | None] = {}

    def hashtag_limit(self, platform: str, packs: Path | None) -> int | None:
        """The platform pack's hashtag limit (None without a pack, or one R1 reports as broken)."""
        key = (platform, packs)
        if key not in self.limits:
            from scheduler.errors import JadwalError
            from scheduler.packs import pack_for

            try:
                pack = pack_for(platform, packs) if platform else None
            except JadwalError:
                pack = None
            limit = pack.data.limits.hashtags if pack is not None else None
            self.limits[key] = limit.max if limit is not None else None
        return self.limits[key]

    def picture(self, path: Path, account: str) -> Picture:
        key = (path, account)
        got = self.seen.get(key)
        if got is None:
            from scheduler.plan.media import MediaInfo, allowed_folders, check_file

            found: MediaInfo | object = check_file(path, allowed_folders(self.plan, account))
            name = _relative(path, self.plan.path.parent)
            if isinstance(found, MediaInfo):
                got = Picture(found.path, name, found.kind, found.width, found.height)
            else:
                got = Picture(path, name, "", None, None)
            self.seen[key] = got
        return got


def _relative(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return path.name

