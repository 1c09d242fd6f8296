"""R2 no-target (Tidak Mempunyai Target): the plan says what success is, in numbers.

The article: a strategy without targets does not grow, and without them nobody
can judge whether it worked. Targets are reach, follower growth, a social score
and sales through the channel. So the plan has at least one `[[target]]`, each
with a known metric, a declared account (when it names one), a goal beyond its
baseline in the target's direction and a deadline (`by`).

Warnings, not errors: a deadline outside the plan's range, and growth that is
implausible, which we define as *more than doubling (or, going down, halving)
every 30 days* from the plan's start to the deadline, i.e. goal/baseline above
2 ** (days / 30). An unreachable target is as useless as none.
"""

from __future__ import annotations

import difflib
import math

from scheduler.findings import Finding
from scheduler.plan.model import METRICS, Plan, Target
from scheduler.rules.base import Rule
from scheduler.rules.windows import plural

#: Growth above this factor per 30 days is flagged as implausible.
MAX_GROWTH_PER_30_DAYS = 2.0


def check(plan: Plan) -> list[Finding]:
    if not plan.targets:
        return [RULE.finding(
            plan, "error", "the plan has no [[target]]: nothing says what success is",
            'add one, e.g. [[target]] metric = "followers", baseline = 1200, goal = 1500, by = 2026-12-31',
            plan.line_of("plan"),
        )]
    out: list[Finding] = []
    for target in plan.targets:
        out.extend(_target(plan, target))
    return out


def _target(plan: Plan, target: Target) -> list[Finding]:
    out = []
    name = "target" + (f" {target.metric!r}" if target.metric else "") + (
        f" for {target.account}" if target.account else ""
    )

    def add(severity: str, message: str, hint: str) -> None:
        out.append(RULE.finding(plan, severity, f"{name}: {message}", hint, target.line))  # type: ignore[arg-type]

    if target.metric not in METRICS:
        near = difflib.get_close_matches(target.metric, METRICS, n=1)
        hint = f'did you mean "{near[0]}"? ' if near else ""
        add("error", "unknown metric" if target.metric else "no metric", hint + "metrics are " + ", ".join(METRICS))
    if target.account is not None and target.account not in plan.accounts:
        add("error", f"account {target.account!r} is not declared",
            "use the id of an [[account]], or leave account out to mean all accounts")
    direction = target.direction
    up = direction != "down"
    beyond = False
    if target.baseline is None or target.goal is None:
        missing = " and ".join(k for k in ("baseline", "goal") if getattr(target, k) is None)
        add("error", f"no {missing}", "give the metric's value now (baseline) and the value to reach (goal)")
    else:
        beyond = target.goal > target.baseline if up else target.goal < target.baseline
        if not beyond:
            way = "above" if up else "below"
            add("error",
                f"goal {target.goal:g} is not {way} baseline {target.baseline:g} (direction {direction})",
                f"set a goal {way} the baseline" + ("" if up else ', or direction = "up"'))
    if target.by is None:
        add("error", "no deadline", "add by = <date>, e.g. the plan's end")
        return out
    if plan.end is not None and target.by > plan.end:
        add("warning", f"deadline {target.by} is after the plan ends ({plan.end})",
            "set by within the plan's range, so the plan can be judged against it")
    if plan.start is not None and target.by < plan.start:
        add("warning", f"deadline {target.by} is before the plan starts ({plan.start})",
            "set by within the plan's range")
    elif beyond and plan.start is not None:
        warning = _implausible(target, up, max(1, (target.by - plan.start).days))
        if warning:
            add("warning", warning, "set a goal the plan can reach, or a later deadline")
    return out


def _implausible(target: Target, up: bool, days: int) -> str | None:
    """The warning when the growth asked exceeds doubling (halving) every 30 days."""
    if target.baseline is None or target.goal is None or not (target.baseline > 0 and target.goal > 0):
        return None  # no ratio from zero; nothing sensible to compare
    factor = target.goal / target.baseline if up else target.baseline / target.goal
    if not math.isfinite(factor) or math.log(factor) <= days / 30 * math.log(MAX_GROWTH_PER_30_DAYS):
        return None
    allowed = MAX_GROWTH_PER_30_DAYS ** (days / 30)  # small: below factor
    verb = "grow" if up else "shrink"
    return (
        f"{target.baseline:g} -> {target.goal:g} in {plural(days, 'day')} asks it to {verb} {factor:.2f}x; "
        f"more than {'doubling' if up else 'halving'} every 30 days (at most {allowed:.2f}x here) "
        "is implausible"
    )


RULE = Rule(id="R2", slug="no-target", name_en="No target", name_id="Tidak Mempunyai Target", check=check)
