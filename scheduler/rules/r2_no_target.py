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
from datetime import date

from scheduler.findings import Finding
from scheduler.i18n import _, ngettext, number
from scheduler.plan.model import METRICS, Plan, Target
from scheduler.rules.base import Rule

#: Growth above this factor per 30 days is flagged as implausible.
MAX_GROWTH_PER_30_DAYS = 2.0


def check(plan: Plan) -> list[Finding]:
    if not plan.targets:
        return [RULE.finding(
            plan, "error", _("the plan has no [[target]]: nothing says what success is"),
            _("add a target at the end of the file, e.g. (with your own numbers):") + "\n" + "\n".join((
                "[[target]]", 'metric = "followers"',
                "baseline = 1000   # " + _("the number today"),
                "goal = 1100       # " + _("the number to reach"),
                f"by = {plan.end or plan.start or date.today()}")),
            plan.line_of("plan"),
        )]
    out: list[Finding] = []
    for target in plan.targets:
        out.extend(_target(plan, target))
    return out


def _target(plan: Plan, target: Target) -> list[Finding]:
    out = []
    if target.account:
        name = (_("target {metric} for {account}") if target.metric else _("target for {account}"))
    else:
        name = _("target {metric}") if target.metric else _("target")
    name = name.format(metric=repr(target.metric), account=target.account)

    def add(severity: str, message: str, hint: str) -> None:
        text = _("{target}: {problem}").format(target=name, problem=message)
        out.append(RULE.finding(plan, severity, text, hint, target.line))  # type: ignore[arg-type]

    if target.metric not in METRICS:
        near = difflib.get_close_matches(target.metric, METRICS, n=1)
        known = ", ".join(METRICS)
        hint = (_('did you mean "{name}"? metrics are {metrics}').format(name=near[0], metrics=known) if near
                else _("metrics are {metrics}").format(metrics=known))
        add("error", _("unknown metric") if target.metric else _("no metric"), hint)
    if target.account is not None and target.account not in plan.accounts:
        add("error", _("account {account} is not declared").format(account=repr(target.account)),
            _("use the id of an [[account]], or leave account out to mean all accounts"))
    direction = target.direction
    up = direction != "down"
    beyond = False
    if target.baseline is None or target.goal is None:
        missing = [k for k in ("baseline", "goal") if getattr(target, k) is None]
        add("error", _("no baseline and goal") if len(missing) == 2 else _("no {key}").format(key=missing[0]),
            _("give the metric's value now (baseline) and the value to reach (goal)"))
    else:
        beyond = target.goal > target.baseline if up else target.goal < target.baseline
        if not beyond:
            numbers = {"goal": f"{target.goal:g}", "baseline": f"{target.baseline:g}", "direction": direction}
            if up:
                add("error", _("goal {goal} is not above baseline {baseline} (direction {direction})").format(
                    **numbers), _("set a goal above the baseline"))
            else:
                add("error", _("goal {goal} is not below baseline {baseline} (direction {direction})").format(
                    **numbers), _('set a goal below the baseline, or direction = "up"'))
    if target.by is None:
        add("error", _("no deadline"), _("add the line {fix} (the plan's last day, or another date in it)").format(
            fix=f"by = {plan.end or plan.start or date.today()}"))
        return out
    if plan.end is not None and target.by > plan.end:
        add("warning", _("deadline {by} is after the plan ends ({end})").format(by=target.by, end=plan.end),
            _("set the deadline within the plan's range, so the plan can be judged against it: {fix}").format(
                fix=f"by = {plan.end}"))
    if plan.start is not None and target.by < plan.start:
        add("warning", _("deadline {by} is before the plan starts ({start})").format(by=target.by, start=plan.start),
            _("set the deadline within the plan's range: {fix}").format(fix=f"by = {plan.end or plan.start}"))
    elif beyond and plan.start is not None:
        warning = _implausible(target, up, max(1, (target.by - plan.start).days))
        if warning:
            add("warning", warning, _("set a goal the plan can reach, or a later deadline"))
    return out


def _implausible(target: Target, up: bool, days: int) -> str | None:
    """The warning when the growth asked exceeds doubling (halving) every 30 days."""
    if target.baseline is None or target.goal is None or not (target.baseline > 0 and target.goal > 0):
        return None  # no ratio from zero; nothing sensible to compare
    factor = target.goal / target.baseline if up else target.baseline / target.goal
    if not math.isfinite(factor) or math.log(factor) <= days / 30 * math.log(MAX_GROWTH_PER_30_DAYS):
        return None
    allowed = MAX_GROWTH_PER_30_DAYS ** (days / 30)  # small: below factor
    numbers = {"baseline": f"{target.baseline:g}", "goal": f"{target.goal:g}", "days": days,
               "factor": number(factor, 2, fixed=True), "allowed": number(allowed, 2, fixed=True)}
    if up:
        text = ngettext(
            "{baseline} -> {goal} in {days} day asks it to grow {factor}x; "
            "more than doubling every 30 days (at most {allowed}x here) is implausible",
            "{baseline} -> {goal} in {days} days asks it to grow {factor}x; "
            "more than doubling every 30 days (at most {allowed}x here) is implausible", days)
    else:
        text = ngettext(
            "{baseline} -> {goal} in {days} day asks it to shrink {factor}x; "
            "more than halving every 30 days (at most {allowed}x here) is implausible",
            "{baseline} -> {goal} in {days} days asks it to shrink {factor}x; "
            "more than halving every 30 days (at most {allowed}x here) is implausible", days)
    return text.format(**numbers)


RULE = Rule(id="R2", slug="no-target", name_en="No target", name_id="Tidak Mempunyai Target", check=check)
