"""R3 too-much-selling (Terlalu Banyak Jualan): keep selling a small share of the posts.

The article: posting sales content all the time makes followers uncomfortable;
keep a proportion and balance it with education, humour and other content.
Per account, over every window of `mix.window_days` local days (see
`scheduler.rules.windows`): selling posts are at most `mix.max_selling` of the
posts, each type's `min`/`max` share holds, and, in time order, no more than
`mix.max_consecutive_selling` selling posts follow one another.
"""

from __future__ import annotations

import re
from datetime import date

from scheduler.findings import Finding
from scheduler.i18n import _, ngettext
from scheduler.plan.model import Plan, Post
from scheduler.rules.base import Rule
from scheduler.rules.share_fix import LISTED, Group, Limit, change_hint, group_runs, listing, of_types, pick, posts_in, replacement
from scheduler.rules.windows import PlanIndex, Timeline, index, pct, window_words


def check(plan: Plan) -> list[Finding]:
    idx = index(plan)
    selling = frozenset(name for name, t in plan.types.items() if t.selling)
    out: list[Finding] = []
    for timeline in idx.timelines.values():
        if timeline.account not in plan.accounts:
            continue  # R1 reports posts of undeclared accounts
        if selling:
            out.extend(_selling_share(plan, idx, timeline, selling))
            out.extend(_consecutive(plan, timeline, selling))
        out.extend(_type_shares(plan, idx, timeline, selling))
    return out


def _others(plan: Plan, besides: str | None = None) -> str:
    """Up to two non-selling types to suggest instead ('education or humor')."""
    names = [name for name, t in plan.types.items() if not t.selling and name != besides][:2]
    if len(names) == 2:
        return _("{first} or {second}").format(first=names[0], second=names[1])
    return names[0] if names else _("a non-selling type")


def _selling_limits(plan: Plan, selling: frozenset[str]) -> list[Limit]:
    """`mix.max_selling` and every selling type's `max`: they count the same posts, so they break together."""
    limits = [Limit(selling, plan.mix.max_selling, True, "mix.max_selling")]
    limits += [Limit(frozenset((name,)), t.max, True, f"types.{name}.max")
               for name, t in plan.types.items() if t.selling and t.max is not None]
    return limits


def _selling_share(plan: Plan, idx: PlanIndex, timeline: Timeline, selling: frozenset[str]) -> list[Finding]:
    """Too much selling in a week, once per cause: the selling share and each selling type's max together."""
    out = []
    for group in group_runs(timeline, idx.n_days, plan.mix.window_days, _selling_limits(plan, selling)):
        limit, run = group.main
        keys = ", ".join(lim.key for lim in group.limits)
        counted = frozenset().union(*(lim.part for lim in group.limits))
        posts = posts_in(idx, timeline, run, counted)
        if limit.key == "mix.max_selling":
            message = _("{account} sells too much {window}: {part} of its {total} posts are selling posts "
                        "({share}); the plan allows at most {limit} ({keys}). The selling posts then: {posts}")
        else:
            message = _("{account} posts too much {type} {window}: {part} of its {total} posts ({share}); "
                        "the plan allows at most {limit} ({keys}). The {type} posts then: {posts}")
        chosen, enough = pick(timeline, run.size, group, of_types(counted))
        new_type = replacement(plan, timeline, selling, prefer=lambda name: plan.types[name].min is not None)
        out.append(RULE.finding(
            plan, "error",
            message.format(account=timeline.account, type=next(iter(limit.part)), window=window_words(idx, run),
                           part=run.part, total=run.total, share=pct(run.share), limit=pct(limit.bound),
                           keys=keys, posts=listing(posts)),
            change_hint(chosen, enough, new_type, upper=True, what=_("selling")),
            (chosen or posts)[0].line if (chosen or posts) else None,
            _days(idx, group),
        ))
    return out


def _days(idx: PlanIndex, group: Group) -> list[date]:
    """The days of the week a share finding names (its main run's worst window)."""
    _limit, run = group.main
    return [idx.day(d) for d in range(run.worst, run.worst + run.size)]


def _type_shares(plan: Plan, idx: PlanIndex, timeline: Timeline, selling: frozenset[str]) -> list[Finding]:
    """Each type's `min` and `max` share (a selling type's `max` is judged with the selling share)."""
    out = []
    for name, ptype in plan.types.items():
        part = frozenset((name,))
        for bound, upper in ((ptype.max, True), (ptype.min, False)):
            if bound is None or (upper and ptype.selling):
                continue
            limit = Limit(part, bound, upper, f"types.{name}.{'max' if upper else 'min'}")
            for group in group_runs(timeline, idx.n_days, plan.mix.window_days, [limit]):
                _limit, run = group.main
                if upper:
                    message = _("{account} posts too much {type} {window}: {part} of its {total} posts ({share}); "
                                "the plan allows at most {limit} ({key}). The {type} posts then: {posts}")
                    chosen, enough = pick(timeline, run.size, group, of_types(part))
                    new_type = replacement(plan, timeline, selling | part)
                    shown = posts_in(idx, timeline, run, part)
                else:
                    message = _("{account} has too little {type} {window}: {part} of its {total} posts ({share}); "
                                "the plan asks for at least {limit} ({key})")
                    avoid = selling | part | {n for n, t in plan.types.items() if t.interactive or t.min}
                    chosen, enough = pick(timeline, run.size, group, of_types(frozenset(plan.types) - avoid))
                    new_type = name
                    shown = posts_in(idx, timeline, run, None)
                out.append(RULE.finding(
                    plan, "error",
                    message.format(account=timeline.account, type=name, window=window_words(idx, run),
                                   part=run.part, total=run.total, share=pct(run.share), limit=pct(bound),
                                   key=limit.key, posts=listing(shown)),
                    change_hint(chosen, enough, new_type, upper=upper, what=name),
                    (chosen or shown)[0].line if (chosen or shown) else None,
                    _days(idx, group),
                ))
    return out


def _consecutive(plan: Plan, timeline: Timeline, selling: frozenset[str]) -> list[Finding]:
    limit = plan.mix.max_consecutive_selling
    # one byte per post (1 = selling), and a regex finds the runs: C speed over every post
    flags = bytes(map(selling.__contains__, timeline.types))
    if limit >= len(flags):
        return []
    too_long = re.compile(b"\x01{%d,}" % (max(limit, 0) + 1))
    return [
        _run_finding(plan, timeline, timeline.posts[m.start():m.end()], limit)
        for m in too_long.finditer(flags)
    ]


def _run_finding(plan: Plan, timeline: Timeline, run: list[Post], limit: int) -> Finding:
    breakers = run[max(limit, 0)::max(limit, 0) + 1]  # every (limit+1)th post: changing these breaks the run
    selling = frozenset(name for name, t in plan.types.items() if t.selling)
    new_type = replacement(plan, timeline, selling)
    names = ", ".join(_("{id} (line {line})").format(id=post.id, line=post.line) for post in breakers[:LISTED])
    return RULE.finding(
        plan, "error",
        _("{count} selling posts in a row for {account}: {posts}; "
          "the plan allows at most {limit} (mix.max_consecutive_selling)").format(
            count=len(run), account=timeline.account, posts=listing(run), limit=limit),
        ngettext("give {posts} another type, e.g. write {line} in it; or put a post of another type between them",
                 "give {posts} another type, e.g. write {line} in each; or put posts of other types between them",
                 len(breakers)).format(posts=names, line=f'type = "{new_type}"'),
        breakers[0].line if breakers else run[0].line,
        [post.day for post in run],
    )


RULE = Rule(
    id="R3", slug="too-much-selling", name_en="Too much selling", name_id="Terlalu Banyak Jualan", check=check
)
