"""R5 inconsistent (Tidak Konsisten): post every day, to the end of the plan.

The article: many are keen only at the start, then go silent, or post only two
days a week; consistency means posting every day, with a minimum number of
posts per day. So, per declared account and local day of the range: at least
`cadence.min_per_day` posts, and at least each type's `min_per_day` of that
type; no silence longer than `cadence.max_gap`; and no front-loading: with n
plan days and k = n // 3, the posts in the last k days are at least
`cadence.min_tail_ratio` times those in the first k days (skipped when k is 0
or the first k days are empty: the daily minimum reports that).

`max_gap` is measured in real time between consecutive posts of an account,
and also from the start of the plan's first local day to the first post and
from the last post to the end of the plan's last local day: silence at the
edges of a plan is silence too. Posts outside the range are R1's business and
are not counted here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise

from scheduler.findings import Finding
from scheduler.i18n import _, ngettext
from scheduler.plan.model import Account, Plan, Post
from scheduler.rules.base import Rule
from scheduler.rules.windows import (
    EPS, PlanIndex, Timeline, date_list, day_runs, duration, index, local_midnight, where,
)


def check(plan: Plan) -> list[Finding]:
    idx = index(plan)
    if idx.n_days == 0:
        return []  # no usable range: R1 reports it
    out: list[Finding] = []
    for account_id, account in plan.accounts.items():
        timeline = idx.timelines[account_id]
        if sum(timeline.per_day) == 0:
            out.append(RULE.finding(
                plan, "error",
                _("{account} has no posts at all from {start} to {end}").format(
                    account=account.id, start=plan.start, end=plan.end),
                _("plan posts for this account every day, or remove the account"), account.line,
            ))
            continue
        daily, empty = _daily(plan, idx, account, timeline)
        out.extend(daily)
        out.extend(_gaps(plan, idx, timeline, empty))
        out.extend(_tail(plan, idx, account, timeline))
    return out


def _daily(plan: Plan, idx: PlanIndex, account: Account, timeline: Timeline) -> tuple[list[Finding], set[int]]:
    """Days below the daily minimums, one finding per run of days and cause; and the empty days reported.

    A day without any post is one cause: reported by `cadence.min_per_day`, not again by each type's
    `min_per_day` nor by the silence around it (the fix, a post that day, answers all three)."""
    out = []
    checks: list[tuple[str | None, int, int | None]] = [(None, plan.cadence.min_per_day, plan.line_of("cadence.min_per_day", account.line))]
    checks += [
        (name, t.min_per_day, plan.line_of(f"types.{name}.min_per_day", account.line))
        for name, t in plan.types.items() if t.min_per_day
    ]
    empty: set[int] = set()
    for name, minimum, line in checks:
        if minimum is None or minimum <= 0:
            continue
        counts = timeline.per_day if name is None else timeline.per_type_day.get(name, [0] * idx.n_days)
        short = [d for d, count in enumerate(counts) if count < minimum and d not in empty]
        what = _("posts") if name is None else _("{type} posts").format(type=name)
        key = "cadence.min_per_day" if name is None else f"types.{name}.min_per_day"
        for run in day_runs(short):
            days = [idx.day(d) for d in run]
            if all(counts[d] == 0 for d in run):
                message = _("{account} has no {what} {days}; the plan asks for at least {minimum} a day ({key})")
                listed = date_list(days)
            elif len(run) <= 7:
                message = _("{account} has too few {what} on {days}; "
                            "the plan asks for at least {minimum} a day ({key})")
                listed = ", ".join(f"{day} ({counts[d]})" for d, day in zip(run, days, strict=True))
            else:
                message = _("{account} has too few {what} every day {days}; "
                            "the plan asks for at least {minimum} a day ({key})")
                listed = date_list(days)
            out.append(RULE.finding(
                plan, "error",
                message.format(account=account.id, what=what, days=listed, minimum=minimum, key=key),
                _add_posts_hint(plan, idx, timeline, run, minimum - counts[run[0]], name),
                line, days,
            ))
        if name is None:
            empty = {d for d, count in enumerate(counts) if count == 0}
    return out, empty


#: at most this many [[post]] tables in one fix (a longer run says "likewise on each day")
SKELETONS = 3


def _add_posts_hint(plan: Plan, idx: PlanIndex, timeline: Timeline, run: list[int], missing: int,
                    kind: str | None) -> str:
    """How to fill the days of `run`: the [[post]] tables to paste for its first day, at times the account
    uses, of types that fill that day's minimums."""
    first = run[0]
    taken: list[Post] = []
    tables: list[tuple[str, str]] = []
    for _number in range(min(max(missing, 1), SKELETONS)):
        post_type = kind or _type_for_a_quiet_day(plan, timeline, first, taken)
        clock = _free_time(plan, timeline, first, taken)
        taken.append(Post("", timeline.account, _aware_at(plan, idx.day(first), clock), _local_at(idx.day(first), clock),
                          post_type, ""))
        tables.append((clock, "\n".join(("[[post]]", f'account = "{timeline.account}"', f"at = {idx.day(first)}T{clock}:00",
                                 f'type = "{post_type}"', 'text = "{}"'.format(_("(write the post here)"))))))
    if len(run) == 1:
        head = ngettext("add {count} post on {day} (an account that goes quiet looks abandoned), e.g. at the end "
                        "of the file:",
                        "add {count} posts on {day} (an account that goes quiet looks abandoned), e.g. at the end "
                        "of the file:", missing)
    else:
        head = _("add posts on each of those days (an account that goes quiet looks abandoned); for {day}, "
                 "e.g. at the end of the file:")
    return head.format(count=missing, day=idx.day(first)) + "\n" + "\n\n".join(table for _clock, table in sorted(tables))


def _local_at(day: date, clock: str) -> datetime:
    """The local wall time `clock` ('HH:MM') on `day`."""
    return datetime(day.year, day.month, day.day, int(clock[:2]), int(clock[3:]))


def _aware_at(plan: Plan, day: date, clock: str) -> datetime:
    """`clock` on `day` in the plan's zone."""
    return _local_at(day, clock).replace(tzinfo=plan.tz)


def _type_for_a_quiet_day(plan: Plan, timeline: Timeline, day: int, added: list[Post]) -> str:
    """A type for a post that fills a day: one with a daily minimum not met that day (counting `added`), else
    the account's most used non-selling type."""
    for name, t in plan.types.items():
        have = timeline.per_type_day.get(name, [0] * (day + 1))[day] + sum(p.type == name for p in added)
        if t.min_per_day and have < t.min_per_day:
            return name
    used = sorted(timeline.kinds, key=lambda kind: -timeline.types.count(kind))
    plain = [kind for kind in used if kind in plan.types and not plan.types[kind].selling]
    fresh = [kind for kind in plain if kind not in {p.type for p in added}]  # a mix, not the same type twice
    return (fresh or plain or used or list(plan.types) or ["education"])[0]


def _free_time(plan: Plan, timeline: Timeline, day: int, added: list[Post]) -> str:
    """'HH:MM': the account's most used time of day that keeps `cadence.min_gap` from that day's posts."""
    taken = [p.local.hour * 60 + p.local.minute for p, d in zip(timeline.posts, timeline.day_index, strict=True)
             if d == day] + [p.local.hour * 60 + p.local.minute for p in added]
    gap = plan.cadence.min_gap.total_seconds() / 60
    usual = Counter(f"{p.local:%H:%M}" for p in timeline.posts).most_common()
    for clock, _count in [*usual, ("09:00", 0), ("12:00", 0), ("19:00", 0), ("15:00", 0), ("21:00", 0)]:
        minutes = int(clock[:2]) * 60 + int(clock[3:])
        if all(abs(minutes - other) >= gap for other in taken):
            return clock
    return "12:00"


def _gaps(plan: Plan, idx: PlanIndex, timeline: Timeline, empty: set[int]) -> list[Finding]:
    """Silences longer than `cadence.max_gap`, except those around a day reported as empty (one cause)."""
    limit = plan.cadence.max_gap
    most = limit.total_seconds()
    n = idx.n_days
    days = timeline.day_index
    if min(days) >= 0 and max(days) < n:  # the usual case: skip the per-post filter
        stamps, posts, gaps = timeline.stamps, timeline.posts, timeline.gaps()
        kept_days = days
    else:
        kept = [(s, d, p) for s, d, p in zip(timeline.stamps, days, timeline.posts, strict=True) if 0 <= d < n]
        stamps, kept_days, posts = [s for s, _d, _p in kept], [d for _s, d, _p in kept], [p for _s, _d, p in kept]
        gaps = [b - a for a, b in pairwise(stamps)]
    out = []

    def add(seconds: float, message: str, post: Post, lo: int, hi: int) -> None:
        if any(lo < d < hi for d in empty):
            return  # an empty day inside: reported as such
        out.append(RULE.finding(
            plan, "error",
            _("{account} is silent for {gap} {when}; the plan allows at most {limit} without a post "
              "(cadence.max_gap)").format(account=timeline.account, gap=duration(timedelta(seconds=seconds)),
                                          when=message, limit=duration(limit)),
            _("add a post in that gap, or spread the posts around it more evenly"),
            post.line, [idx.day(d) for d in range(max(lo, 0), min(hi, n - 1) + 1)],
        ))

    assert plan.start is not None and plan.end is not None
    begin = local_midnight(plan, plan.start)
    if begin is not None and stamps[0] - begin > most:
        add(stamps[0] - begin, _("from the plan's start ({start} 00:00) to {post}").format(
            start=plan.start, post=where(posts[0])), posts[0], -1, kept_days[0])
    if gaps and max(gaps) > most:
        for i, between in enumerate(gaps):
            if between > most:
                add(between, _("between {post} and {next}").format(post=where(posts[i]), next=where(posts[i + 1])),
                    posts[i + 1], kept_days[i], kept_days[i + 1])
    finish = local_midnight(plan, plan.end, days_after=1)
    if finish is not None and finish - stamps[-1] > most:
        add(finish - stamps[-1], _("from {post} to the plan's end ({end} 24:00)").format(
            post=where(posts[-1]), end=plan.end), posts[-1], kept_days[-1], n)
    return out


def _tail(plan: Plan, idx: PlanIndex, account: Account, timeline: Timeline) -> list[Finding]:
    n = idx.n_days
    k = n // 3
    prefix = timeline.prefix()
    head, tail = prefix[k], prefix[n] - prefix[n - k]
    ratio = plan.cadence.min_tail_ratio
    if k == 0 or head == 0 or tail >= ratio * head - EPS:
        return []
    return [RULE.finding(
        plan, "error",
        _("{account} has {posts} in the last {days} ({tail_start} to {tail_end}) but {head} in the first {k} "
          "({head_start} to {head_end}): ratio {ratio}, the plan asks for at least {minimum} "
          "(cadence.min_tail_ratio)").format(
            account=account.id, posts=ngettext("{count} post", "{count} posts", tail).format(count=tail),
            days=ngettext("{count} day", "{count} days", k).format(count=k), tail_start=idx.day(n - k),
            tail_end=idx.day(n - 1), head=head, k=k, head_start=idx.day(0), head_end=idx.day(k - 1),
            ratio=f"{tail / head:.2f}", minimum=f"{ratio:g}"),
        _("keep posting to the end: move posts from the first third to the last, or add posts at the end"),
        plan.line_of("cadence.min_tail_ratio", account.line),
    )]


RULE = Rule(id="R5", slug="inconsistent", name_en="Inconsistency", name_id="Tidak Konsisten", check=check)
