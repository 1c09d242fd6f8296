"""Finding the rules and running them on a plan.

Rules are discovered through the `jadwal.rules` entry-point group; the five
built-ins are registered there in `pyproject.toml` exactly as a third-party
package would register its own (`[project.entry-points."jadwal.rules"]`,
`R6 = "mypkg.rules:RULE"`), so plugins and built-ins take the same path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from scheduler.errors import ConfigError
from scheduler.findings import Finding
from scheduler.plan.model import Plan
from scheduler.rules.base import Rule
from scheduler.rules.windows import shared_index

GROUP = "jadwal.rules"


class RulePluginError(ConfigError):
    """An installed rule plugin cannot be used (import fails, wrong object, duplicate id)."""


@cache
def load_rules() -> list[Rule]:
    """Every installed rule, sorted by id (R1, R2, ..., R10). Cached: entry points do not change."""
    return rules_from(entry_points(group=GROUP))


def rules_from(points: Iterable[EntryPoint]) -> list[Rule]:
    """Load and check the rules named by `points` (the testable part of `load_rules`)."""
    rules: dict[str, tuple[Rule, EntryPoint]] = {}
    for point in points:
        where = f"entry point {point.name!r} = {point.value!r} in group {GROUP!r}"
        try:
            rule = point.load()
        except Exception as exc:  # a broken plugin must not look like a broken plan
            raise RulePluginError(
                f"cannot load the rule of {where}: {type(exc).__name__}: {exc}",
                "fix or uninstall the package that provides it",
            ) from exc
        if not isinstance(rule, Rule):
            raise RulePluginError(
                f"{where} gives a {type(rule).__name__}, not a scheduler.rules.base.Rule",
                "point the entry point at a Rule(id=..., slug=..., name_en=..., name_id=..., check=...) object",
            )
        if rule.id in rules:
            raise RulePluginError(
                f"two rules have the id {rule.id!r}: {rules[rule.id][1].value} and {point.value}",
                "give every rule its own id, or uninstall one of the packages",
            )
        rules[rule.id] = (rule, point)
    return sorted((rule for rule, _ in rules.values()), key=lambda rule: _rule_key(rule.id))


def check_plan(plan: Plan, rules: Iterable[Rule] | None = None, *,
               on_rule: Callable[[Rule], None] | None = None) -> list[Finding]:
    """Run `rules` (default: every installed rule) on `plan`; findings sorted by (line, rule).

    `on_rule` is called after each rule (progress on long plans)."""
    findings: list[Finding] = []
    with shared_index():
        for rule in load_rules() if rules is None else rules:
            findings.extend(rule.check(plan))
            if on_rule is not None:
                on_rule(rule)
    findings.sort(key=lambda f: (f.line or 0, _rule_key(f.rule)))
    return findings


def _rule_key(rule_id: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of ids: R2 before R10 (digits compare as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", rule_id))
