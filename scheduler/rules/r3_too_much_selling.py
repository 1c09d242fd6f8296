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

from scheduler.findings import Finding
from scheduler.i18n import _
from scheduler.plan.model import Plan, Post
from scheduler.rules.base import Rule
from scheduler.rules.windows import PlanIndex, Timeline, index, run_line, share_fields, share_runs, span_words


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
        out.extend(_type_shares(plan, idx, timeline))
    return out


def _others(plan: Plan, besides: str | None = None) -> str:
    """Up to two non-selling types to suggest instead ('education or humor')."""
    names = [name for name, t in plan.types.items() if not t.selling and name != besides][:2]
    if len(names) == 2:
        return _("{first} or {second}").format(first=names[0], second=names[1])
    return names[0] if names else _("a non-selling type")


def _selling_share(plan: Plan, idx: PlanIndex, timeline: Timeline, selling: frozenset[str]) -> list[Finding]:
    limit = plan.mix.max_selling
    out = []
    for run in share_runs(timeline, idx.n_days, plan.mix.window_days, selling, limit, upper=True):
        out.append(RULE.finding(
            plan, "error",
            _("selling posts are {share} of {account}'s posts ({part} of {total}) {window}; "
              "the plan allows at most {limit} (mix.max_selling){overlap}").format(
                **share_fields(idx, timeline, run, limit)),
            _("move a selling post out of {span}, or replace one with {others}").format(
                span=span_words(run), others=_others(plan)),
            run_line(timeline, run, selling),
        ))
    return out


def _type_shares(plan: Plan, idx: PlanIndex, timeline: Timeline) -> list[Finding]:
    out = []
    for name, ptype in plan.types.items():
        part = frozenset((name,))
        for bound, upper in ((ptype.max, True), (ptype.min, False)):
            if bound is None:
                continue
            key = f"types.{name}.{'max' if upper else 'min'}"
            for run in share_runs(timeline, idx.n_days, plan.mix.window_days, part, bound, upper=upper):
                if upper:
                    message = _("{type} is {share} of {account}'s posts ({part} of {total}) {window}; "
                                "the plan allows at most {limit} ({key}){overlap}")
                    hint = _("move a {type} post out of {span}, or replace one with {others}")
                else:
                    message = _("{type} is {share} of {account}'s posts ({part} of {total}) {window}; "
                                "the plan allows at least {limit} ({key}){overlap}")
                    hint = _("add a {type} post to {span}, or turn another post into {type}")
                out.append(RULE.finding(
                    plan, "error",
                    message.format(type=name, key=key, **share_fields(idx, timeline, run, bound)),
                    hint.format(type=name, span=span_words(run), others=_others(plan, name)),
                    run_line(timeline, run, part if upper else None),
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
    shown = ", ".join(f"{p.id} ({p.local.date()})" for p in run[:10])
    if len(run) > 10:
        shown = _("{posts} and {count} more").format(posts=shown, count=len(run) - 10)
    first_bad = run[limit] if 0 <= limit < len(run) else run[0]
    return RULE.finding(
        plan, "error",
        _("{count} selling posts in a row for {account}: {posts}; "
          "the plan allows at most {limit} (mix.max_consecutive_selling)").format(
            count=len(run), account=timeline.account, posts=shown, limit=limit),
        _("put a post of another type ({others}) between them").format(others=_others(plan)),
        first_bad.line,
    )


RULE = Rule(
    id="R3", slug="too-much-selling", name_en="Too much selling", name_id="Terlalu Banyak Jualan", check=check
)
