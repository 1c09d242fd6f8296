"""Best slots from an account's own history, a hint at plan time, and a re-timed copy of the coming days.

Everything here rests on `scheduler.insights.figures`: a slot is a local hour,
posts are compared by their settled (24 h) reading, and nothing is suggested
for an account without enough data (`History.enough`).

The re-timed copy moves only posts that sit in a slot far below the account's
best, each to the best slot with enough data that keeps every rule: a move is
kept only when the whole plan still validates with no error and no more
warnings than before (same day, so the day counts of R5 stay; `min_gap`,
`max_gap` and the selling order of R3 are checked, not assumed). The copy is
the user's file with only those `at = ...` lines changed; it is loaded and
validated again from where it is written before it replaces anything, and the
user's own plan is never written.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.errors import ConfigError
from scheduler.findings import Finding
from scheduler.i18n import _, ngettext, percent
from scheduler.insights.figures import FAR_BELOW, MIN_SLOT_POSTS, MIN_SLOTS, History, Summary

if TYPE_CHECKING:
    from scheduler.plan.model import Plan, Post

#: the pseudo-rule of the plan-time hint (like "load" for a file that cannot be read)
HINT_RULE = "audience"
HINT_SLUG = "weak-slot"
HINT_NAMES = ("Audience history", "Riwayat audiens")
#: how many days `suggest --retime` re-times unless told
PERIOD_DAYS = 7


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00"


def missing(history: History) -> str:
    """Why an account has no suggestion yet, in numbers."""
    have = len(history.ranked)
    return ngettext(
        "{have} slot has {posts} or more posts with a reading 24 h after publishing; {need} are needed "
        "({counted} posts counted, {waiting} still waiting for that reading)",
        "{have} slots have {posts} or more posts with a reading 24 h after publishing; {need} are needed "
        "({counted} posts counted, {waiting} still waiting for that reading)", have).format(
        have=have, posts=MIN_SLOT_POSTS, need=MIN_SLOTS, counted=len(history.posts), waiting=history.waiting)


# -- the hint at plan time ---------------------------------------------------------------------------


def hints(plan: Plan, histories: dict[str, History], now: datetime, state: str) -> list[Finding]:
    """An informational finding for each coming post in a slot far below its account's best."""
    out = []
    for post in plan.posts:
        history = histories.get(post.account)
        if history is None or post.at < now or not history.far_below(post.local.hour):
            continue
        best_hour, best = history.best  # type: ignore[misc]  # far_below implies a best slot
        slot = history.slots[post.local.hour]
        message = _("post {post} at {time} is in a slot where {account}'s posts earned a median of {earned} "
                    "engagements ({posts} posts); at {best_time} they earned {best_earned} ({best_posts} posts)"
                    ).format(post=post.id, time=post.local.strftime("%H:%M"), account=post.account,
                             earned=number(slot.median), posts=slot.posts, best_time=hour_label(best_hour),
                             best_earned=number(best.median), best_posts=best.posts)
        hint = _("move it to {best_time} if the day allows, or let jadwal re-time the coming days: "
                 "jadwal suggest {plan} --state {state} --retime {copy}").format(
            best_time=hour_label(best_hour), plan=plan.file, state=state, copy=default_copy(plan.path))
        out.append(Finding(HINT_RULE, HINT_SLUG, "info", message, hint, plan.file, post.line))
    return out


def number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2g}"


# -- the re-timed copy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    post: Post
    to: datetime  # aware, in the plan's timezone
    before: Summary  # what the post's old slot earned
    after: Summary  # ... and its new one

    def as_json(self) -> dict[str, object]:
        return {"post": self.post.id, "account": self.post.account, "line": self.post.line,
                "from": self.post.at.isoformat(), "to": self.to.isoformat(),
                "from_median_engagements": self.before.median, "to_median_engagements": self.after.median}


def default_copy(plan_path: Path) -> Path:
    """Where the re-timed copy goes unless told: next to the plan, so its relative paths still hold."""
    return plan_path.with_name(f"{plan_path.stem}.retimed{plan_path.suffix}")


def period(plan: Plan, now: datetime, first: date | None = None, last: date | None = None) -> tuple[date, date]:
    """The days to re-time: from tomorrow (or the plan's start) for PERIOD_DAYS days, within the plan."""
    tomorrow = now.astimezone(plan.tz).date() + timedelta(days=1)
    start = first or max(tomorrow, plan.start or tomorrow)
    end = last or start + timedelta(days=PERIOD_DAYS - 1)
    if plan.end is not None:
        end = min(end, plan.end)
    return start, end


def retime(plan: Plan, histories: dict[str, History], now: datetime, first: date, last: date,
           *, settled: Collection[str] = ()) -> tuple[list[Move], Plan]:
    """Move each post of [first, last] that sits in a slot far below its account's best to a better slot of
    the same day, keeping every rule. `settled`: ids of posts the journal has already handled (never moved).

    Returns the moves and the re-timed plan. `ConfigError` when the plan has rule errors to begin with.
    """
    from scheduler.rules.registry import check_plan

    findings = check_plan(plan)
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        raise ConfigError(
            ngettext("{plan} has {count} rule error; jadwal re-times only a plan that keeps the rules",
                     "{plan} has {count} rule errors; jadwal re-times only a plan that keeps the rules", errors
                     ).format(plan=plan.file, count=errors),
            _("fix them first (see `jadwal validate {plan}`)").format(plan=plan.file))
    warnings = sum(f.severity == "warning" for f in findings)
    shared = Counter(p.line for p in plan.posts)  # a [[post]] for several accounts moves all or none
    moves: list[Move] = []
    current = plan
    for post in list(plan.posts):
        history = histories.get(post.account)
        if (history is None or not (first <= post.day <= last) or post.at <= now or post.id in settled
                or shared[post.line] > 1 or not history.far_below(post.local.hour)):
            continue
        before = history.slots[post.local.hour]
        for hour, earned in history.ranked:
            if history.far_below(hour) or (earned.median or 0.0) <= (before.median or 0.0):
                continue
            trial = _first_that_keeps_the_rules(current, post, hour, now, warnings)
            if trial is not None:
                current, aware = trial
                moves.append(Move(post, aware, before, earned))
                break
    return moves, current


def _first_that_keeps_the_rules(plan: Plan, post: Post, hour: int, now: datetime, warnings: int
                                ) -> tuple[Plan, datetime] | None:
    """`plan` with `post` moved into `hour` of its day (its own minute first, then :00, :30, :15, :45) at the
    first time the rules still hold, and that time; None when no time of that hour does."""
    from scheduler.rules.registry import check_plan

    for minute in dict.fromkeys((post.local.minute, 0, 30, 15, 45)):
        local = datetime.combine(post.day, time(hour, minute))
        aware = _existing(local, plan)
        if aware is None or aware <= now:
            continue
        trial = _moved(plan, post, aware, local)
        found = check_plan(trial)
        if not any(f.severity == "error" for f in found) and sum(f.severity == "warning" for f in found) <= warnings:
            return trial, aware
    return None


def _existing(local: datetime, plan: Plan) -> datetime | None:
    """The aware time of a local wall time that exists exactly once in the plan's zone (no DST gap or fold)."""
    from datetime import timezone

    aware = local.replace(tzinfo=plan.tz)
    back = aware.astimezone(timezone.utc).astimezone(plan.tz).replace(tzinfo=None)
    if back != local or local.replace(tzinfo=plan.tz, fold=1).utcoffset() != aware.utcoffset():
        return None
    return aware


def _moved(plan: Plan, post: Post, aware: datetime, local: datetime) -> Plan:
    posts = [replace(p, at=aware, local=local, at_kind="local") if p.id == post.id else p for p in plan.posts]
    posts.sort(key=lambda p: (p.at, p.account, p.id))
    return replace(plan, posts=posts)


_AT = re.compile(r"^(\s*at\s*=\s*)([^#\s]+)(.*)$")
_HEADER = re.compile(r"^\s*\[")


def write_copy(plan: Plan, moves: list[Move], out: Path, *, force: bool = False) -> Path:
    """Write the user's plan with the moved posts' `at` lines changed to `out`, after validating it there.

    Never writes the plan itself; an existing `out` only with `force`.
    """
    from scheduler.errors import PlanLoadError
    from scheduler.plan import load_plan
    from scheduler.rules.registry import check_plan

    source = plan.path
    if out.exists() and (out.resolve() == source.resolve() or os.path.samefile(out, source)):
        raise ConfigError(_("{out} is the plan itself; jadwal never overwrites your plan").format(out=out),
                          _("give another file, e.g. --retime {copy}").format(copy=default_copy(source)))
    if out.exists() and not force:
        raise ConfigError(_("{out} already exists").format(out=out),
                          _("give a new file name, or add --force to replace it"))
    lines = source.read_text(encoding="utf-8").split("\n")
    for move in moves:
        index = _at_line(lines, move.post.line)
        if index is None:
            raise ConfigError(_("cannot find the `at` line of post {post} (line {line}) in {plan}").format(
                post=move.post.id, line=move.post.line, plan=source), _("write `at = ...` on a line of its own"))
        found = _AT.match(lines[index])
        assert found is not None
        stamp = move.to.replace(tzinfo=None).isoformat(timespec="seconds")
        lines[index] = found.group(1) + stamp + found.group(3)
    folder = out.absolute().parent
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".toml", dir=folder)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        os.chmod(temp, os.stat(source).st_mode & 0o777)
        try:
            copy = load_plan(temp)
        except PlanLoadError as exc:
            raise ConfigError(_("the re-timed copy cannot be read as a plan: {problem}").format(problem=exc.message),
                              _("this is a bug in jadwal; your plan was not changed")) from exc
        problems = [f for f in check_plan(copy) if f.severity == "error"]
        wanted = {(m.post.line, m.post.account): m.to for m in moves}
        wrong = [p for p in copy.posts if (p.line, p.account) in wanted and p.at != wanted[(p.line, p.account)]]
        if problems or wrong:
            said = problems[0].message if problems else _("post on line {line} did not move").format(line=wrong[0].line)
            raise ConfigError(_("the re-timed copy would not keep the rules where it is written: {problem}").format(
                problem=said), _("write it next to the plan (relative media and session paths), e.g. --retime "
                                 "{copy}").format(copy=default_copy(source)))
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return out


def _at_line(lines: list[str], header_line: int) -> int | None:
    """Index of the `at = ...` line of the [[post]] whose header is on `header_line` (1-based)."""
    for index in range(header_line, len(lines)):  # the line after the header
        if _HEADER.match(lines[index]):
            return None
        if _AT.match(lines[index]):
            return index
    return None


# -- what `jadwal suggest` says ----------------------------------------------------------------------


def describe(history: History, handle: str) -> list[str]:
    """An account's slots as lines of text: each slot with enough data and its numbers, best first."""
    head = ngettext("{account} ({handle}): {count} post counted", "{account} ({handle}): {count} posts counted",
                    len(history.posts)).format(account=history.account, handle=handle, count=len(history.posts))
    if history.waiting:
        head += _(", {count} waiting for their reading 24 h after publishing").format(count=history.waiting)
    lines = [head]
    if not history.enough:
        lines.append("  " + _("not enough history for a suggestion yet: {missing}").format(missing=missing(history)))
    best = history.best
    for hour, slot in history.ranked:
        line = "  " + _("{time}  median {earned} engagements a post ({posts} posts)").format(
            time=hour_label(hour), earned=number(slot.median), posts=slot.posts)
        if slot.audience is not None:
            line += _(", {audience} seen").format(audience=number(slot.audience))
        if slot.rate is not None:
            line += _(", engagement rate {rate}").format(rate=percent(slot.rate, 1, fixed=True))
        if best is not None and hour == best[0]:
            line += "  " + _("BEST")
        elif history.far_below(hour):
            line += "  " + _("far below the best (under {share} of it)").format(share=f"{FAR_BELOW:.0%}")
        lines.append(line)
    thin = [(h, s.posts) for h, s in history.slots.items() if s.posts < MIN_SLOT_POSTS]
    if thin:
        lines.append("  " + _("too few posts to judge: {slots}").format(
            slots=", ".join(f"{hour_label(h)} ({n})" for h, n in thin)))
    if best is not None:
        lines.append("  " + _("suggestion: post at {time} when you can; it earned {earned} engagements a post, "
                              "the account's median is {median}").format(
            time=hour_label(best[0]), earned=number(best[1].median),
            median=number(_median([p.engagements or 0.0 for p in history.posts]))))
    return lines


def _median(values: list[float]) -> float | None:
    import statistics

    return statistics.median(values) if values else None
