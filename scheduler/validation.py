"""Validate plan files: load each one, run the rules, and say what is wrong where.

This is the whole of `jadwal validate` except the printing, so other commands
(and CI scripts) can ask the same question and get the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scheduler.errors import PlanLoadError
from scheduler.findings import Finding

#: names of the pseudo-rule "load" (a file that cannot be read as a plan)
LOAD_NAMES = ("Plan file", "Berkas rencana")


@dataclass(slots=True)
class Report:
    """The verdict on one plan file."""

    plan: str  # the path as the user gave it
    ok: bool  # no finding of severity "error"
    findings: list[Finding]
    loaded: bool = True  # False when the file could not be read as a plan (exit 2)
    posts: int = 0
    start: date | None = None
    end: date | None = None

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "warning")

    def as_dict(self) -> dict[str, object]:
        """The JSON contract: {"plan", "ok", "findings": [...]}."""
        return {"plan": self.plan, "ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


def validate_path(path: str | Path) -> Report:
    """Load one plan and run every registered rule on it."""
    from scheduler.plan.loader import gc_paused, load_plan
    from scheduler.rules.registry import check_plan

    name = str(path)
    with gc_paused():
        try:
            plan = load_plan(path)
        except PlanLoadError as exc:
            return Report(name, False, list(exc.findings), loaded=False)
        findings = check_plan(plan)
    ok = not any(finding.severity == "error" for finding in findings)
    return Report(name, ok, findings, posts=len(plan.posts), start=plan.start, end=plan.end)


def validate_paths(paths: Iterable[str | Path]) -> list[Report]:
    """One report per path, in the order given."""
    return [validate_path(path) for path in paths]


def exit_code(reports: list[Report]) -> int:
    """0: no errors (warnings allowed); 1: rule errors; 2: a file cannot be read as a plan."""
    if any(not report.loaded for report in reports):
        return 2
    return 0 if all(report.ok for report in reports) else 1


def rule_names() -> dict[str, tuple[str, str]]:
    """Rule id -> (English name, Indonesian name), from the registered rule objects."""
    from scheduler.rules.registry import load_rules

    names = {"load": LOAD_NAMES}
    names.update({rule.id: (rule.name_en, rule.name_id) for rule in load_rules()})
    return names
