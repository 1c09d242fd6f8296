"""Shared, fast views of a plan for the rules: per-account timelines, day counts, windows.

Validation of a 30k-post plan must cost little next to parsing its TOML, so the
rules never rescan posts per window: one pass builds, per account, the posts in
time order, their instants and local-day indexes, and counts per day (in total
and per type); window sums then come from prefix sums in O(days).

Window semantics (shared by R3 and R4): shares are checked per account over
every window of `mix.window_days` consecutive local days inside the plan's
range (one window = the whole range when the plan is shorter). A window in
which the account has no posts is skipped (R5 reports empty days). Consecutive
violating windows form one `WindowRun`, reported once, naming its worst window.

`check_plan` builds the index once for all rules (`shared_index()`); a rule
called on its own builds it itself, so rules stay pure functions of the plan.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate, islice, repeat
from operator import add, attrgetter, gt, le, lt, mul, sub

from scheduler.plan.durations import format_duration
from scheduler.i18n import _
from scheduler.plan.model import Plan, Post

#: Slack for comparing a share with its limit, so that exactly-at-the-limit passes
#: despite float rounding (0.2 * 15 is 3.0000000000000004).
EPS = 1e-9


@dataclass(slots=True)
class Timeline:
    """One account's posts in time order, with per-day counts over the plan's range."""

    account: str
    posts: list[Post]
    stamps: list[float]  # POSIX instants of `posts` (real elapsed time, DST-proof)
    day_index: list[int]  # local day of each post, 0 = plan start (may fall outside the range)
    types: list[str]  # type of each post
    kinds: list[str]  # the distinct types, in order of first use
    per_day: list[int]  # posts per local day of the range
    per_type_day: dict[str, list[int]]  # post type -> posts per local day of the range
    _prefix: dict[frozenset[str] | None, list[int]] = field(default_factory=dict)
    _sorted_days: bool | None = None

    def prefix(self, types: frozenset[str] | None = None) -> list[int]:
        """Prefix sums of posts per day (of `types` only when given): p[j] - p[i] = days i..j-1."""
        got = self._prefix.get(types)
        if got is None:
            if types is None:
                counts: Iterable[int] = self.per_day
            else:
                rows = [self.per_type_day[t] for t in types if t in self.per_type_day]
                counts = rows[0] if rows else [0] * len(self.per_day)
                for row in rows[1:]:
                    counts = list(map(add, counts, row))
            got = self._prefix[types] = list(accumulate(counts, initial=0))
        return got

    def gaps(self) -> list[float]:
        """Seconds between each post and the next (C-speed: used on every post by R1 and R5)."""
        return list(map(sub, islice(self.stamps, 1, None), self.stamps))

    def first_post_in(self, lo: int, hi: int, types: frozenset[str] | None = None) -> Post | None:
        """The first post (of `types` when given) on days lo..hi-1, in time order."""
        days, posts = self.day_index, self.posts
        start = bisect_left(days, lo) if self._monotone() else 0
        for i in range(start, len(posts)):
            d = days[i]
            if lo <= d < hi and (types is None or posts[i].type in types):
                return posts[i]
            if d >= hi and self._monotone():
                break
        return None

    def _monotone(self) -> bool:
        """Whether local days never go back in time order (true except in odd DST folds)."""
        if self._sorted_days is None:
            days = self.day_index
            self._sorted_days = all(map(le, days, islice(days, 1, None)))
        return self._sorted_days


@dataclass(slots=True)
class PlanIndex:
    plan: Plan  # kept so the cache key (id) cannot be reused while cached
    n_days: int  # days in the range; 0 when the range is missing or reversed
    timelines: dict[str, Timeline]  # every declared account, and every account posts name

    def day(self, index: int) -> date:
        assert self.plan.start is not None
        return self.plan.start + timedelta(days=index)


_CACHE: ContextVar[dict[int, PlanIndex] | None] = ContextVar("jadwal_rules_index", default=None)


@contextmanager
def shared_index() -> Iterator[None]:
    """Within this block, `index(plan)` is built once per plan and shared by all rules."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def index(plan: Plan) -> PlanIndex:
    """The plan's per-account timelines (cached inside `shared_index()`)."""
    cache = _CACHE.get()
    if cache is None:
        return _build(plan)
    got = cache.get(id(plan))
    if got is None or got.plan is not plan:
        got = cache[id(plan)] = _build(plan)
    return got


def _build(plan: Plan) -> PlanIndex:
    start, end = plan.start, plan.end
    n = (end - start).days + 1 if start is not None and end is not None and start <= end else 0
    origin = start.toordinal() if start is not None else 0
    grouped: defaultdict[str, list[Post]] = defaultdict(list)
    for acc in plan.accounts:
        grouped[acc]  # declared accounts without posts get an empty timeline
    for post in plan.posts:
        grouped[post.account].append(post)
    offset = _steady_offset(plan, n)
    timelines = {acc: _timeline(acc, posts, origin, n, offset) for acc, posts in grouped.items()}
    return PlanIndex(plan, n, timelines)


def _steady_offset(plan: Plan, n: int) -> float | None:
    """The zone's UTC offset in seconds when it is the same all through the range, else None.

    Then a post's instant is its local wall time minus that offset, which is several times
    cheaper to compute than `datetime.timestamp()` (this runs for every post).
    """
    if n == 0 or n > 5000 or plan.start is None:
        return None
    first = datetime(plan.start.year, plan.start.month, plan.start.day)
    try:
        offsets = {plan.tz.utcoffset(first + timedelta(days=i)) for i in range(n + 1)}
    except (OverflowError, ValueError, TypeError):
        return None
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return only.total_seconds() if only is not None else None


_EPOCH = datetime(1970, 1, 1)


def _timeline(account: str, posts: list[Post], origin: int, n: int, offset: float | None) -> Timeline:
    # map/attrgetter keep the per-post work in C: this runs over every post of the plan
    local = list(map(_LOCAL, posts))
    day_index = [o - origin for o in map(datetime.toordinal, local)]
    if offset is not None and day_index and min(day_index) >= 0 and max(day_index) < n:
        stamps = [s - offset for s in map(timedelta.total_seconds, map(sub, local, repeat(_EPOCH)))]
    else:
        stamps = list(map(datetime.timestamp, map(_AT, posts)))
    if not all(map(le, stamps, islice(stamps, 1, None))):  # plans come sorted; hand-made ones may not
        order = sorted(range(len(posts)), key=stamps.__getitem__)
        posts, stamps = [posts[i] for i in order], [stamps[i] for i in order]
        day_index = [day_index[i] for i in order]
    types = list(map(_TYPE, posts))
    per_day = [0] * n
    per_type: dict[str, list[int]] = {}
    # count (day, type) pairs as one int each: Counter over ints is C speed
    kinds = list(dict.fromkeys(types))
    code = {kind: i for i, kind in enumerate(kinds)}
    width = len(kinds) or 1
    pairs = Counter(map(add, map(mul, day_index, repeat(width)), map(code.__getitem__, types)))
    for key, count in pairs.items():
        d, k = divmod(key, width)
        if 0 <= d < n:
            per_day[d] += count
            row = per_type.get(kinds[k])
            if row is None:
                row = per_type[kinds[k]] = [0] * n
            row[d] += count
    return Timeline(account, posts, stamps, day_index, types, kinds, per_day, per_type)


_AT, _LOCAL, _TYPE = attrgetter("at"), attrgetter("local"), attrgetter("type")


@dataclass(frozen=True, slots=True)
class WindowRun:
    """Consecutive windows (by their first day) that break one share limit; `worst` is named."""

    first: int  # first day of the first violating window
    last: int  # first day of the last violating window
    worst: int  # first day of the worst window
    size: int  # days per window
    part: int  # posts counted by the constraint in the worst window
    total: int  # all the account's posts in the worst window

    @property
    def share(self) -> float:
        return self.part / self.total

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def share_runs(
    timeline: Timeline, n_days: int, window_days: int, part: frozenset[str], limit: float, *, upper: bool
) -> list[WindowRun]:
    """Runs of windows where the share of `part` types is above (`upper`) or below `limit`."""
    if n_days <= 0:
        return []
    size = min(max(1, window_days), n_days)
    total_p, part_p = timeline.prefix(), timeline.prefix(part)
    # screen all windows at C speed; walk them one by one only when one breaks the limit
    totals, parts = map(sub, total_p[size:], total_p), map(sub, part_p[size:], part_p)
    scaled = map(mul, totals, repeat(limit))
    if upper and not any(map(gt, parts, map(add, scaled, repeat(EPS)))):
        return []
    if not upper and not any(map(lt, parts, map(sub, scaled, repeat(EPS)))):
        return []
    runs: list[WindowRun] = []
    run: list[int] = []  # [first, worst, part, total] of the open run
    last = -1
    for lo in range(n_days - size + 1):
        total = total_p[lo + size] - total_p[lo]
        if total == 0:
            continue  # an empty window has no share; R5 reports it
        got = part_p[lo + size] - part_p[lo]
        bad = got > limit * total + EPS if upper else got < limit * total - EPS
        if not bad:
            continue
        if run and last == lo - 1:
            worse = got * run[3] > run[2] * total if upper else got * run[3] < run[2] * total
            if worse:
                run[1:] = [lo, got, total]
        else:
            if run:
                runs.append(WindowRun(run[0], last, run[1], size, run[2], run[3]))
            run = [lo, lo, got, total]
        last = lo
    if run:
        runs.append(WindowRun(run[0], last, run[1], size, run[2], run[3]))
    return runs


def day_runs(days: Iterable[int]) -> list[list[int]]:
    """Group sorted day indexes into runs of consecutive days."""
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


# -- wording shared by the rules ---------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage: whole when it is, else one decimal ("20%", "22.2%"; "22,2%" in Indonesian)."""
    from scheduler.i18n import percent

    return percent(share, 1)


def window_words(idx: PlanIndex, run: WindowRun) -> str:
    """'in the 7 days from 2026-12-04 to 2026-12-10' (the worst window of the run)."""
    start, end = idx.day(run.worst), idx.day(run.worst + run.size - 1)
    whole = run.size == idx.n_days
    if run.size == 1:
        text = _("on {day} (the whole plan)") if whole else _("on {day}")
        return text.format(day=start)
    text = _("in the {size} days from {start} to {end} (the whole plan)") if whole else \
        _("in the {size} days from {start} to {end}")
    return text.format(size=run.size, start=start, end=end)


def date_list(days: list[date], limit: int = 7) -> str:
    """'on X, Y' for a few dates; a long run of days becomes 'from X to Y (N days)'."""
    if len(days) <= limit:
        return _("on {days}").format(days=", ".join(str(d) for d in days))
    return _("from {first} to {last} ({count} days)").format(first=days[0], last=days[-1], count=len(days))


def duration(delta: timedelta) -> str:
    """A rule's durations are exact: "36h 1m", not "1d 12h" (see `format_duration`)."""
    return format_duration(delta, exact=True)


def where(post: Post) -> str:
    """How findings name a post: 'post dec01-latte (ig, 2026-12-01 09:00)'."""
    return _("post {id} ({account}, {time})").format(id=post.id, account=post.account, time=stamp(post.local))


def stamp(moment: datetime) -> str:
    """'2026-12-01 09:00' (ISO date even for years before 1000, unlike strftime)."""
    return f"{moment.date()} {moment.hour:02d}:{moment.minute:02d}"


def local_midnight(plan: Plan, day: date, days_after: int = 0) -> float | None:
    """POSIX instant of the start of a local day (+ `days_after`); None beyond the calendar."""
    try:
        day = day + timedelta(days=days_after)
        return datetime(day.year, day.month, day.day, tzinfo=plan.tz).timestamp()
    except (OverflowError, ValueError, OSError):
        return None
