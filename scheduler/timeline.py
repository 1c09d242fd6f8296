"""`jadwal run --dry-run`: the whole plan in simulated time, no browser.

What a user reads before trusting the daemon: every post in the order it would
go out, by local day and account, with the plan's rule findings on top. The
daemon publishes each post at its `at` (in the plan's timezone); this shows
exactly those times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.findings import Finding
    from scheduler.plan.model import Plan, Post

PREVIEW_WORDS = 8


def preview(text: str, words: int = PREVIEW_WORDS) -> str:
    """The first words of a post on one line."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


@dataclass(frozen=True, slots=True)
class Timeline:
    plan: Plan
    findings: list[Finding]
    posts: list[Post]  # in the range, in publishing order
    first: date | None
    last: date | None

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def build(plan: Plan, findings: list[Finding], *, first: date | None = None,
          last: date | None = None) -> Timeline:
    """The posts of `plan` whose local day is within [first, last] (both optional), in order."""
    posts = [p for p in plan.posts
             if (first is None or p.day >= first) and (last is None or p.day <= last)]
    return Timeline(plan, findings, posts, first, last)


def render_human(tl: Timeline, tick: Callable[[], None] | None = None) -> str:
    """The timeline as text; `tick` is called once per day written (progress over a long plan).

    Each post shows its real id: a `[[post]]` written for several accounts is one post per
    account, `ID-ACCOUNT` (the id `jadwal status`, `retry` and the journal use)."""
    from scheduler.i18n import _, day_name, ngettext

    plan = tl.plan
    counts = Counter(p.account for p in tl.posts)
    span = f"{tl.posts[0].day} .. {tl.posts[-1].day}" if tl.posts else _("no posts in range")
    head = ngettext("{name} ({tz}): {n} post, {span}", "{name} ({tz}): {n} posts, {span}", len(tl.posts)).format(
        name=plan.name, tz=plan.timezone, n=len(tl.posts), span=span)
    checks = _("rule checks: {errors}, {warnings}").format(
        errors=ngettext("{n} error", "{n} errors", tl.errors).format(n=tl.errors),
        warnings=ngettext("{n} warning", "{n} warnings", tl.warnings).format(n=tl.warnings))
    lines = [
        head + (_(" (range limited by --from/--to)") if tl.first or tl.last else ""),
        checks + (_("; the daemon refuses to run a plan with errors") if tl.errors else ""),
    ]
    for f in tl.findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        severity = {"error": _("error"), "warning": _("warning")}.get(f.severity, _("info"))
        lines.append(f"  {severity} {f.rule} {f.slug} {where}: {f.message}")
    width = max((len(a) for a in plan.accounts), default=2)
    type_width = max((len(t) for t in plan.types), default=4)
    id_width = max((len(p.id) for p in tl.posts), default=2)
    clock = "%H:%M:%S" if any(p.local.second for p in tl.posts) else "%H:%M"
    for day, day_posts in groupby(tl.posts, key=lambda p: p.day):
        if tick is not None:
            tick()
        lines.append("")
        lines.append(day_name(day))
        for post in sorted(day_posts, key=lambda p: (p.at, p.account)):  # time order, as they go out
            kind = plan.types.get(post.type)
            mark = "$" if kind and kind.selling else ("?" if kind and kind.interactive else " ")
            lines.append(f"  {post.local.strftime(clock)}  {post.account:<{width}}  {post.id:<{id_width}}  "
                         f"{post.type:<{type_width}} {mark} {preview(post.text)}")
    lines.append("")
    lines.append(_("would publish {counts}").format(
        counts=", ".join(f"{a}: {n}" for a, n in sorted(counts.items())) or _("nothing"))
        + "   " + _("($ selling, ? interactive)"))
    return "\n".join(lines)


def as_json(tl: Timeline, tick: Callable[[], None] | None = None) -> dict[str, object]:
    plan = tl.plan
    days = []
    for day, day_posts in groupby(tl.posts, key=lambda p: p.day):
        if tick is not None:
            tick()
        days.append({"date": day.isoformat(), "posts": [
            {"id": p.id, "account": p.account, "at": p.at.isoformat(), "time": f"{p.local:%H:%M}",
             "type": p.type, "selling": bool(plan.types.get(p.type) and plan.types[p.type].selling),
             "interactive": bool(plan.types.get(p.type) and plan.types[p.type].interactive),
             "text": p.text}
            for p in sorted(day_posts, key=lambda p: (p.at, p.account))]})
    return {
        "plan": plan.file, "name": plan.name, "timezone": plan.timezone,
        "from": tl.first.isoformat() if tl.first else None,
        "to": tl.last.isoformat() if tl.last else None,
        "ok": tl.errors == 0,
        "findings": [f.as_dict() for f in tl.findings],
        "totals": dict(sorted(Counter(p.account for p in tl.posts).items())),
        "days": days,
    }
