"""Validate plan files: load each one, run the rules, and say what is wrong where.

This is the whole of `jadwal validate` except the printing, so other commands
(and CI scripts) can ask the same question and get the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.runtime.state import StateRef
from scheduler.errors import PlanLoadError
from scheduler.findings import Finding
from scheduler.i18n import _

if TYPE_CHECKING:
    from scheduler.plan.model import Plan
    from scheduler.progress import Progress

#: names of the pseudo-rule "load" (a file that cannot be read as a plan)
LOAD_NAMES = ("Plan file", "Berkas rencana")


@dataclass(slots=True)
class Report:
    """The verdict on one plan file."""

    plan: str  # the path as the user gave it
    findings: list[Finding]
    loaded: bool = True  # False when the file could not be read as a plan (exit 2)
    posts: int = 0
    start: date | None = None
    end: date | None = None

    @property
    def ok(self) -> bool:
        """Read as a plan, and no finding of severity "error"."""
        return self.loaded and self.errors == 0

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "warning")

    @property
    def infos(self) -> int:
        """Hints from the account's history (severity "info"): never an error, never a failing exit."""
        return sum(1 for finding in self.findings if finding.severity == "info")

    def as_dict(self) -> dict[str, object]:
        """The JSON contract: {"plan", "ok", "findings": [...]}."""
        return {"plan": self.plan, "ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


def validate_path(path: str | Path, progress: Progress | None = None, *, state: StateRef | None = None) -> Report:
    """Load one plan and run every registered rule on it (a progress step for loading, one per rule).

    With `state` (the daemon's journal), add the hints its history gives (`history_hints`)."""
    from scheduler.plan.loader import gc_paused, load_plan
    from scheduler.rules.registry import check_plan

    name = str(path)
    with gc_paused():
        try:
            plan = load_plan(path)
        except PlanLoadError as exc:
            return Report(name, list(exc.findings), loaded=False)
        if progress is None:
            findings = check_plan(plan)
        else:
            progress.phase(_("checking {path}").format(path=name))
            progress.advance()
            findings = check_plan(plan, on_rule=lambda rule: progress.advance())
    if state is not None:
        findings = sorted([*findings, *history_hints(plan, state)], key=lambda f: f.line or 0)
    return Report(name, findings, posts=len(plan.posts), start=plan.start, end=plan.end)


def history_hints(plan: Plan, state: StateRef) -> list[Finding]:
    """Informational findings from the journal's history: coming posts in a slot far below the best."""
    from scheduler.runtime.clock import SystemClock
    from scheduler.insights.figures import histories
    from scheduler.insights.suggest import hints
    from scheduler.runtime.journal import Journal

    now = SystemClock().now()
    with Journal(state) as journal:
        found = histories(plan, journal, now)
    return hints(plan, found, now, str(state))


def validate_paths(paths: Iterable[str | Path], *, show_progress: bool = False,
                   state: StateRef | None = None) -> list[Report]:
    """One report per path, in the order given; `show_progress`: progress on stderr when it takes long;
    `state`: the journal whose history adds hints."""
    if not show_progress:
        return [validate_path(path, state=state) for path in paths]
    from scheduler.progress import Progress
    from scheduler.rules.registry import load_rules

    names = list(paths)
    steps = 1 + len(load_rules())  # loading, then each rule
    reports: list[Report] = []
    with Progress(_("validating"), steps * len(names)) as progress:
        for path in names:
            progress.phase(_("reading {path}").format(path=path))
            if _size(path) > BIG_FILE:  # parsing is one long step: say so before it starts
                progress.show()
            reports.append(validate_path(path, progress, state=state))
            progress.advance(steps * len(reports) - progress.done)  # a file that did not load skips its rules
        progress.phase(_("validating"))
    return reports


#: a plan file this big takes a noticeable time to parse (about 1 s for 6 MB)
BIG_FILE = 2_000_000


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def exit_code(reports: list[Report]) -> int:
    """0: no errors (warnings allowed); 1: rule errors; 2: a file cannot be read as a plan."""
    if any(not report.loaded for report in reports):
        return 2
    return 0 if all(report.ok for report in reports) else 1


def rule_names() -> dict[str, tuple[str, str]]:
    """Rule id -> (English name, Indonesian name), from the registered rule objects."""
    from scheduler.rules.registry import load_rules

    from scheduler.insights.suggest import HINT_NAMES, HINT_RULE

    names = {"load": LOAD_NAMES, HINT_RULE: HINT_NAMES}
    names.update({rule.id: (rule.name_en, rule.name_id) for rule in load_rules()})
    return names
