"""Share findings (R3, R4) in a marketer's words: the posts of the worst week, and which to change.

A share limit (selling at most 20%, questions at least 10%) is checked over
every window of `mix.window_days` days (see `scheduler.rules.windows`). When
it breaks, a person needs three things: the week, the posts in it (with their
lines), and the posts to change so that *every* window of the run holds again,
not just the one named. `pick` finds those posts greedily: each step takes the
post whose change repairs the most still-broken windows (ties: a post of the
worst week, then the later post), until every window holds or `cap` posts are
chosen. Changing a post's type never changes a window's total, so a window's
need is exact: posts over (or under) the limit, rounded the right way.

Several limits can be broken by the same posts: with only `promo` selling,
`mix.max_selling` and `types.promo.max` count the same posts. `group_runs`
merges overlapping runs of such limits, so one cause gives one finding.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scheduler.i18n import _, ngettext
from scheduler.plan.model import Plan, Post
from scheduler.rules.windows import EPS, PlanIndex, Timeline, WindowRun, share_runs, stamp

#: posts listed by name in a message, and at most this many chosen for a fix
LISTED = 8
CAP = 12


@dataclass(frozen=True, slots=True)
class Limit:
    """One share limit: the types it counts, the bound, its direction and the plan key that sets it."""

    part: frozenset[str]
    bound: float
    upper: bool  # True: at most `bound`; False: at least
    key: str  # "mix.max_selling", "types.promo.max", ...


@dataclass(slots=True)
class Group:
    """Runs of limits that share a cause, reported as one finding; `main` is the run named in the message."""

    limits: list[Limit]
    runs: list[tuple[Limit, WindowRun]]

    @property
    def main(self) -> tuple[Limit, WindowRun]:
        return self.runs[0]

    @property
    def first(self) -> int:
        return min(run.first for _, run in self.runs)

    @property
    def last(self) -> int:
        return max(run.last for _, run in self.runs)


def group_runs(timeline: Timeline, n_days: int, window_days: int, limits: Sequence[Limit]) -> list[Group]:
    """Runs of every limit, overlapping runs merged; in order of the first limit given (the main one)."""
    found = [(limit, run) for limit in limits
             for run in share_runs(timeline, n_days, window_days, limit.part, limit.bound, upper=limit.upper)]
    groups: list[Group] = []
    for limit, run in found:
        home = next((g for g in groups if run.first <= g.last and g.first <= run.last), None)
        if home is None:
            groups.append(Group([limit], [(limit, run)]))
        else:
            home.runs.append((limit, run))
            if limit not in home.limits:
                home.limits.append(limit)
    for group in groups:  # the main run: of the first limit, its worst window
        order = {limit: i for i, limit in enumerate(limits)}
        group.runs.sort(key=lambda item: (order[item[0]], -_badness(item[0], item[1])))
    return sorted(groups, key=lambda g: g.first)


def _badness(limit: Limit, run: WindowRun) -> float:
    return run.share - limit.bound if limit.upper else limit.bound - run.share


def _need(limit: Limit, part: int, total: int) -> int:
    """Posts to change in one window so `limit` holds there."""
    if total == 0:
        return 0
    if limit.upper:
        return max(0, part - math.floor(limit.bound * total + EPS))
    return max(0, math.ceil(limit.bound * total - EPS) - part)


def pick(timeline: Timeline, size: int, group: Group, eligible: Callable[[Post], bool],
         cap: int = CAP) -> tuple[list[Post], bool]:
    """Posts whose change of type repairs every window of `group`; and whether they are enough."""
    total_p = timeline.prefix()
    need: dict[Limit, dict[int, int]] = {}
    for limit in group.limits:
        part_p = timeline.prefix(limit.part)
        need[limit] = {lo: n for lo in range(group.first, group.last + 1)
                       if (n := _need(limit, part_p[lo + size] - part_p[lo],
                                      total_p[lo + size] - total_p[lo])) > 0}
    _, main_run = group.main
    worst = range(main_run.worst, main_run.worst + main_run.size)
    span = range(group.first, group.last + size)
    candidates = [(post, day) for post, day in zip(timeline.posts, timeline.day_index, strict=True)
                  if day in span and eligible(post)]
    chosen: list[Post] = []
    while any(need.values()) and len(chosen) < cap:
        best: tuple[int, bool, int] | None = None
        best_at = -1
        for i, (post, day) in enumerate(candidates):
            gain = _gain(post, day, size, need)
            if gain and (best is None or (gain, day in worst, i) > best):
                best, best_at = (gain, day in worst, i), i
        if best is None:
            break
        post, day = candidates.pop(best_at)
        chosen.append(post)
        for limit, windows in need.items():
            if (post.type in limit.part) == limit.upper:
                for lo in range(day - size + 1, day + 1):
                    if windows.get(lo, 0) > 0:
                        windows[lo] -= 1
                        if windows[lo] == 0:
                            del windows[lo]
    chosen.sort(key=lambda p: p.at)
    return chosen, not any(need.values())


def _gain(post: Post, day: int, size: int, need: dict[Limit, dict[int, int]]) -> int:
    gain = 0
    for limit, windows in need.items():
        if (post.type in limit.part) == limit.upper:  # upper: a counted post leaves; lower: another joins
            gain += sum(1 for lo in range(day - size + 1, day + 1) if windows.get(lo, 0) > 0)
    return gain


# -- wording ------------------------------------------------------------------------------------


def posts_in(idx: PlanIndex, timeline: Timeline, run: WindowRun, part: frozenset[str] | None) -> list[Post]:
    """The posts (of `part` when given) in the run's worst window, in time order."""
    lo, hi = run.worst, run.worst + run.size
    return [post for post, day in zip(timeline.posts, timeline.day_index, strict=True)
            if lo <= day < hi and (part is None or post.type in part)]


def listing(posts: Sequence[Post]) -> str:
    """'p07 (2026-12-04 19:00, line 84), p14 (...)' for at most `LISTED` posts."""
    shown = ", ".join(named(post) for post in posts[:LISTED])
    if len(posts) > LISTED:
        shown = _("{posts} and {count} more").format(posts=shown, count=len(posts) - LISTED)
    return shown


def named(post: Post) -> str:
    return _("{id} ({time}, line {line})").format(id=post.id, time=stamp(post.local), line=post.line)


def change_hint(chosen: Sequence[Post], enough: bool, new_type: str, *, upper: bool, what: str) -> str:
    """The fix: which posts to give which type (a line to paste), or what to add or move."""
    line = f'type = "{new_type}"'
    if not chosen:
        return (_("move a {what} post out of those days, or give it another type, e.g. {line}") if upper
                else _("add a post of type {what} in those days, or give another post that type: {line}")).format(
            what=what, line=line)
    names = ", ".join(_("{id} (line {line})").format(id=post.id, line=post.line) for post in chosen)
    if upper:
        text = ngettext("give {posts} another type, e.g. write {line} in it; or move it out of those days",
                        "give these {count} posts another type, e.g. write {line} in each: {posts}; or move them "
                        "out of those days", len(chosen))
    else:
        text = ngettext("give {posts} the type {what}: write {line} in it; or add a post of type {what} in "
                        "those days",
                        "give these {count} posts the type {what}, by writing {line} in each: {posts}; or add "
                        "posts of type {what} in those days", len(chosen))
    text = text.format(posts=names, count=len(chosen), line=line, what=what)
    if not enough:
        text = _("{fix} (then validate again: more are needed)").format(fix=text)
    return text


def replacement(plan: Plan, timeline: Timeline, avoid: frozenset[str], *,
                prefer: Callable[[str], bool] | None = None) -> str:
    """The type to suggest instead: one `prefer` accepts (else any not in `avoid`, not selling, without a
    `max`), the account's most used of those; a declared type name in any case."""
    used = {kind: timeline.types.count(kind) for kind in timeline.kinds}
    names = [name for name in plan.types if name not in avoid]
    ranked = sorted(names, key=lambda name: (
        not (prefer(name) if prefer else False),
        plan.types[name].selling,
        plan.types[name].max is not None,
        -used.get(name, 0),
    ))
    return ranked[0] if ranked else "education"


def of_types(types: frozenset[str]) -> Callable[[Post], bool]:
    """A test for posts of `types` (what `pick` may change)."""
    return lambda post: post.type in types
