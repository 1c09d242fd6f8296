"""The rule contract: a `Rule` is metadata plus a pure `check(plan) -> list[Finding]`.

Built-in rules register through the `jadwal.rules` entry-point group like a
third-party rule would (see `scheduler.rules.registry`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from scheduler.findings import Finding, Severity
from scheduler.plan.model import Plan


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # "R1"
    slug: str  # "no-plan"
    name_en: str  # "No plan"
    name_id: str  # "Tidak Mempunyai Rencana" (the article's words)
    check: Callable[[Plan], list[Finding]]

    def finding(
        self, plan: Plan, severity: Severity, message: str, hint: str, line: int | None,
        days: Iterable[date] = (),
    ) -> Finding:
        """Build a finding of this rule located in `plan`'s file, about `days` (sorted, each once)."""
        return Finding(self.id, self.slug, severity, message, hint, plan.file, line, tuple(sorted(set(days))))
