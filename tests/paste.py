"""Do what a finding's `fix:` says, as a person would with an editor, to prove the fix is right.

Three shapes of fix are understood (any other is a test failure: a fix nobody can follow):

- "... write the line as: KEY = VALUE" (also "Write the line as:"): that line replaces the finding's line;
- "... at the end of the file:" followed by TOML lines: they are appended;
- "... write type = "X" in it/each: ID (line N), ...": in each named post, its `type` line becomes that.
"""

from __future__ import annotations

import re
from pathlib import Path

from scheduler.findings import Finding

_LINE = re.compile(r"[Ww]rite the line as: (?P<line>.+?)$|[Tt]ulis barisnya: (?P<id_line>.+?)$")
_TYPE = re.compile(r'(?:write|writing) (?P<line>type = "[^"]+") in (?:it|each)')
_NAMED = re.compile(r"\(line (\d+)\)")


def paste(path: Path, finding: Finding) -> None:
    """Apply `finding`'s fix to the plan file at `path`."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    first, _, rest = finding.hint.partition("\n")
    if rest and "at the end of the file" in first:
        path.write_text(text.rstrip("\n") + "\n\n" + rest + "\n", encoding="utf-8")
        return
    found = _LINE.search(first)
    if found:
        assert finding.line is not None, finding
        new = found.group("line") or found.group("id_line")
        old = lines[finding.line - 1]
        lines[finding.line - 1] = old[: len(old) - len(old.lstrip())] + new
        path.write_text("\n".join(lines), encoding="utf-8")
        return
    typed = _TYPE.search(first)
    if typed:
        for number in map(int, _NAMED.findall(first)):
            at = number  # the [[post]] header; its type line follows
            while not lines[at].lstrip().startswith("type"):
                at += 1
            lines[at] = typed.group("line")
        path.write_text("\n".join(lines), encoding="utf-8")
        return
    raise AssertionError(f"a fix nobody can follow by the letter: {finding.hint!r}")
