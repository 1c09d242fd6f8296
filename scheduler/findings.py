"""What a rule reports: one `Finding` per problem, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: "info" is a hint (e.g. a post in a slot that earned far below the account's best): shown, never failing
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # "R1".."R5", or "load" for a file that cannot be read as a plan
    slug: str  # "no-plan", "too-much-selling", ...
    severity: Severity
    message: str  # what is wrong, in plain words and with the numbers
    hint: str  # how to fix it
    file: str
    line: int | None
    #: the local days the finding is about (a post's day, an empty day, the week that sells too much);
    #: empty for a finding about the whole plan. Views place findings by these, never by the message text.
    days: tuple[date, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The JSON contract: every field, `days` as ISO dates."""
        return {"rule": self.rule, "slug": self.slug, "severity": self.severity, "message": self.message,
                "hint": self.hint, "file": self.file, "line": self.line,
                "days": [day.isoformat() for day in self.days]}


def severity_word(severity: str) -> str:
    """The severity as the user's language says it (the machine field stays as it is)."""
    from scheduler.i18n import _

    return {"error": _("error"), "warning": _("warning"), "info": _("info")}.get(severity, severity)
