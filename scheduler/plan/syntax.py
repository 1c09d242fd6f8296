"""TOML syntax errors in a marketer's words, with the line to write instead when we can tell.

`tomllib` stops at the first error with an English message such as "Expected
newline or end of document after a statement (at line 84, column 16)". That
message says where, not what: the usual cause is a date or time TOML cannot
read (`at = 2026-12-04T19:00`, seconds left out), and then the finding gives
the exact line to paste (see `scheduler.plan.dates`). Every other message is
said again in the user's language; the parser's own words are never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.i18n import N_, _
from scheduler.plan.dates import DATE_KEYS, day_before, read_value

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_END = re.compile(r"\s*\(at end of document\)$")
#: `key = value  # comment` on one line, the value not quoted
_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_-]+)\s*=\s*(?P<value>[^\"'\[{#\n]*?)\s*(?:#.*)?$")
#: a value that may be a date or time (digits with - / . : or a month name)
_DATE_LIKE = re.compile(r"\d{1,4}\s*[-/.:]\s*\d|\d{1,2}\s+[A-Za-z]{3,}|[A-Za-z]{3,}\s+\d{1,2}")

#: tomllib's messages (Python 3.11 to 3.13) -> what they mean, in words a plan's author knows
_MEANINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), meaning) for pattern, meaning in (
    (r"^Expected newline or end of document after a statement$",
     N_("something follows the value on this line that TOML cannot read as part of it")),
    (r"^Invalid value$", N_("the value after = cannot be read (a word needs quotes, a date is written 2026-12-01)")),
    (r"^Invalid date or datetime$", N_("a date or time that does not exist")),
    (r"^Unterminated string$", N_("a text in quotes is not closed")),
    (r"^(?:Illegal|Found invalid) character (?P<what>.+)$", N_("a character that cannot stand here: {what}")),
    (r"^Cannot declare (?P<what>.+) twice$", N_("[{what}] appears twice")),
    (r"^Cannot overwrite a value$", N_("a key is given a value twice")),
    (r"^Cannot (?:mutate immutable|redefine) namespace (?P<what>.+)$",
     N_("{what} is already written as a value and cannot be extended here")),
    (r"^Duplicate inline table key (?P<what>.+)$", N_("the key {what} appears twice inside one {{ }}")),
    (r"^Expected '=' after a key in a key/value pair$", N_("a key without = and a value")),
    (r"^Invalid initial character for a key part$", N_("a key starts with a character keys cannot start with")),
    (r"^Invalid statement$", N_("this line is neither key = value nor a [table]")),
    (r"^Expected '\]' at the end of a table declaration$", N_("a [table] line is not closed with ]")),
    (r"^Expected '\]\]' at the end of an array declaration$", N_("a [[table]] line is not closed with ]]")),
    (r"^Unclosed array$", N_("a list [ ... ] is not closed with ]")),
    (r"^Unclosed inline table$", N_("a {{ ... }} is not closed with }}")),
    (r"^Unescaped '\\\\' in a string$",
     N_("a backslash \\ in a text in double quotes must be written twice (\\\\), or use single quotes")),
    (r"^(?:Escaped character is not a Unicode scalar value|Invalid hex value)$",
     N_("an escape such as \\u00e9 in a text is not valid")),
    (r"^Expected (?P<what>.+)$", N_("{what} is missing here")),
))


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    message: str
    hint: str
    line: int | None


def explain(raw: str, text: str) -> SyntaxProblem:
    """What a `tomllib.TOMLDecodeError` message `raw` means for the plan's `text`."""
    line: int | None = None
    column = ""
    problem = raw
    at = _AT.search(raw)
    if at:
        line, column = int(at.group(1)), at.group(2)
        problem = raw[: at.start()]
    elif _END.search(raw):
        line = text.count("\n") + 1
        problem = _END.sub("", raw)
    if line is not None:
        date_fix = _date_fix(text, line)
        if date_fix is not None:
            return date_fix
    meaning = _meaning(problem)
    if line is None:
        message = _("TOML syntax error: {problem}").format(problem=meaning)
    elif at:
        message = _("TOML syntax error on line {line}, column {column}: {problem}").format(
            line=line, column=column, problem=meaning)
    else:
        message = _("TOML syntax error at the end of the file: {problem}").format(problem=meaning)
    return SyntaxProblem(message, _hint(problem), line)


def _meaning(problem: str) -> str:
    for pattern, meaning in _MEANINGS:
        found = pattern.match(problem)
        if found:
            return _(meaning).format(**found.groupdict())
    return _("the line cannot be read as TOML")


def _hint(problem: str) -> str:
    if "Cannot overwrite a value" in problem or "Cannot declare" in problem:
        return _("each key and each [table] may appear once; merge or rename the duplicate")
    if "Unterminated string" in problem or "Illegal character" in problem:
        return _('close every text with the quote that opened it; use """...""" for text over several lines')
    if "Invalid value" in problem:
        return _('texts need quotes (goal = "..."); dates are written 2026-12-01, times 2026-12-01T09:00:00')
    return _("check quotes, brackets and the `key = value` form on that line")


def _date_fix(text: str, line: int) -> SyntaxProblem | None:
    """A date or time TOML cannot read on `line`: the message and the exact line to write."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    found = _KEY_VALUE.match(lines[line - 1].rstrip("\r"))
    if found is None or not _DATE_LIKE.search(found["value"]):
        return None
    key, value = found["key"], found["value"]
    reading = read_value(key, value, day_before(text, line))
    if reading is None or reading.value == value:
        return None
    fix = f"{key} = {reading.value}"
    why = reading.because() or _("TOML cannot read it as written")
    return SyntaxProblem(
        _("{written} is not a date and time TOML can read: {why}").format(written=f"{key} = {value}", why=why)
        if key not in DATE_KEYS else
        _("{written} is not a date TOML can read: {why}").format(written=f"{key} = {value}", why=why),
        _("write the line as: {fix}").format(fix=fix), line)
