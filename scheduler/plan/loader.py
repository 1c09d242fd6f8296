"""Read a TOML plan file into a `Plan`, or report every reason it cannot be read.

Load problems (missing file, not UTF-8, TOML syntax, unknown key, wrong type,
bad duration, unknown preset) are collected as findings of rule "load" and
raised together in one `PlanLoadError`, so a user fixes them all in one round.
Values that are readable but wrong (an undeclared account, an empty goal, an
unknown timezone, start after end) are kept as written for the rules to judge.

The keys and types the loader accepts come from `schema.json`, the same schema
editors use, so the two cannot drift apart.
"""

from __future__ import annotations

import difflib
import gc
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from operator import and_, attrgetter, eq, gt
from pathlib import Path
from typing import Any, Literal, TypeGuard
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.errors import PlanLoadError
from scheduler.findings import Finding
from scheduler.i18n import N_, _
from scheduler.plan.durations import VALID as VALID_DURATIONS
from scheduler.plan.dates import Reading, day_before, read_date, read_datetime
from scheduler.plan.durations import DurationError, DurationTooLong, parse_duration
from scheduler.plan.lines import SourceLines
from scheduler.plan.model import (
    Account,
    AtKind,
    Cadence,
    Engagement,
    Mix,
    Plan,
    Post,
    PostType,
    Target,
)
from scheduler.plan.presets import PRESETS, apply_preset
from scheduler.plan.syntax import explain as explain_syntax

SCHEMA_PATH = Path(__file__).with_name("schema.json")
_UTC = timezone.utc

# -- the schema, compiled into per-table field kinds -----------------------------


@dataclass(frozen=True, slots=True)
class Field:
    kind: str  # "str" "int" "num" "bool" "date" "datetime" "duration" "enum" "list[str]" "str|list" "media" "featured"
    enum: tuple[str, ...] = ()
    required: bool = False
    low: float | None = None  # the schema's minimum / maximum, for numbers: shares 0..1, else a minimum
    high: float | None = None


#: what each kind looks like, for "wrong type" messages
KIND_WORDS = {
    "str": N_('a string in quotes, e.g. "text"'),
    "int": N_("a whole number, e.g. 3"),
    "num": N_("a number, e.g. 0.2"),
    "bool": N_("true or false"),
    "date": N_("a date, e.g. 2026-12-01"),
    "datetime": N_("a date and time, e.g. 2026-12-01T09:00:00 (or with an offset: ...+07:00)"),
    "duration": N_("a duration: {valid}"),
    "enum": N_("one of the listed words"),
    "list[str]": N_('a list of strings, e.g. ["media/a.jpg"]'),
    "str|list": N_('an account id, e.g. "ig", or a list of them, e.g. ["ig", "fb"]'),
    "media": N_('a list of pictures: paths, or tables with a description, e.g. '
                '["media/a.jpg", {{ path = "media/b.jpg", alt = "What the picture shows" }}]'),
    "featured": N_('one of the post\'s media, written as there, e.g. "media/a.jpg", or false for none'),
}


def kind_words(kind: str) -> str:
    """What a value of `kind` looks like, in the active language."""
    return _(KIND_WORDS[kind]).format(valid=_(VALID_DURATIONS))


def _is_str_list(value: object) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _is_media_list(value: object) -> TypeGuard[list[str | dict[str, Any]]]:
    """Paths and `{ path, alt }` tables (each table's keys are checked by `_Builder.media_tables`)."""
    return type(value) is list and all(type(item) is str or type(item) is dict for item in value)


_CHECKS: dict[str, Callable[[object], bool]] = {
    "str": lambda v: type(v) is str,
    "int": lambda v: type(v) is int,
    "num": lambda v: type(v) is int or type(v) is float,
    "bool": lambda v: type(v) is bool,
    "date": lambda v: type(v) is date,
    "datetime": lambda v: type(v) is datetime,
    "duration": lambda v: type(v) is str,
    "enum": lambda v: type(v) is str,
    "list[str]": _is_str_list,
    "str|list": lambda v: type(v) is str or _is_str_list(v),
    "media": _is_media_list,
    "featured": lambda v: type(v) is str or v is False,
}


def _kind(node: dict[str, Any], defs: dict[str, Any]) -> Field:
    ref = node.get("$ref", "")
    if ref:
        name = ref.rpartition("/")[2]
        if name == "duration":
            return Field("duration")
        if name in ("datetime", "featured"):
            return Field(name)
        return _kind(defs[name], defs)
    if node.get("items", {}).get("$ref", "").endswith("/mediaItem"):
        return Field("media")
    if "oneOf" in node:
        return Field("str|list")
    if "enum" in node:
        return Field("enum", tuple(node["enum"]))
    kind = {"string": "str", "integer": "int", "number": "num", "boolean": "bool", "array": "list[str]"}
    if node.get("format") == "date":
        return Field("date")
    return Field(kind[node["type"]])


def _fields(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Field]:
    required = set(node.get("required", ()))
    out = {}
    for key, sub in node["properties"].items():
        field = _kind(sub, defs)
        out[key] = Field(field.kind, field.enum, key in required, sub.get("minimum"), sub.get("maximum"))
    return out


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The plan's JSON schema (also shipped for editors)."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
        return schema


@lru_cache(maxsize=1)
def known_fields() -> dict[str, dict[str, Field]]:
    """Table name -> its keys and their kinds: "plan", "mix", ..., "account", "type", "target", "post", "mediaItem"."""
    spec = schema()
    defs = spec["$defs"]
    props = spec["properties"]
    tables = {name: _fields(props[name], defs) for name in ("plan", "mix", "cadence", "engagement")}
    tables["account"] = _fields(defs["account"], defs)
    tables["type"] = _fields(defs["postType"], defs)
    tables["target"] = _fields(defs["target"], defs)
    tables["post"] = _fields(defs["post"], defs)
    tables["mediaItem"] = _fields(defs["mediaItem"]["oneOf"][1], defs)  # a picture given as { path, alt }
    return tables


#: What the hand-written fast path for posts assumes; checked against the schema on first load.
_POST_FAST_KINDS = {
    "id": "str",
    "account": "str|list",
    "at": "datetime",
    "type": "str",
    "title": "str",
    "text": "str",
    "media": "media",
    "featured": "featured",
    "categories": "list[str]",
    "tags": "list[str]",
    "excerpt": "str",
}

ROOT_KEYS = ("plan", "account", "types", "mix", "cadence", "engagement", "target", "post")

#: a one-line value without its comment: a quoted string, else up to a `#`
_VALUE = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^#]*"

_BY_AT = attrgetter("at")
_BY_ID = attrgetter("id")
_BY_ACCOUNT_ID = attrgetter("account", "id")
_BY_AT_ACCOUNT_ID = attrgetter("at", "account", "id")

# -- reading --------------------------------------------------------------------


def load_plan(path: str | Path) -> Plan:
    """Read, parse and check one plan file. Raises `PlanLoadError` with every load finding."""
    path = Path(path)
    file = str(path)
    text = read_text(path, file)
    with gc_paused():
        data = parse_toml(text, file)
        builder = _Builder(path, file, data, SourceLines(text, data))
        plan = builder.build()
    if builder.findings:
        findings = sorted(builder.findings, key=lambda f: (f.line or 0))
        raise PlanLoadError.from_findings(findings)
    return plan


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building big acyclic trees of objects.

    A 30k-post plan allocates millions of objects, and every burst of allocation
    makes the collector walk all that is alive, finding no cycles. Reference
    counting still frees memory as usual. Saves a few percent of a big load.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _error(file: str, slug: str, message: str, hint: str, line: int | None) -> PlanLoadError:
    return PlanLoadError(message, hint, file=file, line=line, slug=slug)


def read_text(path: Path, file: str) -> str:
    """The file's text, or a load error that says why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _error(file, "missing-file", _("{file} does not exist").format(file=file),
                     _("check the path; plans usually live in plans/, e.g. plans/kopi-senja.toml"), None) from None
    except IsADirectoryError:
        raise _error(file, "missing-file", _("{file} is a folder, not a plan file").format(file=file),
                     _("name a .toml file inside it, e.g. {example}").format(example=f"{file.rstrip('/')}/*.toml"),
                     None) from None
    except OSError as exc:
        raise _error(file, "unreadable", _("{file} cannot be read: {reason}").format(file=file,
                     reason=exc.strerror or exc), _("check the file's permissions"), None) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise _error(file, "binary", _("{file} looks like a binary file, not TOML text (a NUL byte on line {line})")
                     .format(file=file, line=line), _("give the plan's .toml file; a plan is plain UTF-8 text"), line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _error(file, "encoding", _("line {line} is not valid UTF-8 (byte {byte})").format(
                     line=line, byte=f"0x{raw[exc.start]:02x}"),
                     _("save the file as UTF-8 (in most editors: Save with Encoding > UTF-8)"), line) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """`tomllib.loads` with its errors said in the user's words, with a line (see `scheduler.plan.syntax`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = explain_syntax(str(exc), text)
        raise _error(file, "syntax", problem.message, problem.hint, problem.line) from None
    except RecursionError:
        raise _error(file, "syntax", _("TOML nesting too deep: arrays or tables nested hundreds of levels"),
                     _("a plan needs at most a list inside a key; remove the deep nesting"),
                     _deep_line(text)) from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise _error(file, "syntax", _("TOML value cannot be read: {problem}").format(problem=exc),
                     _("check numbers and dates in the file"), None) from None
    if not data:
        raise _error(file, "empty", _("{file} holds no plan: it is empty or only comments").format(file=file),
                     _("start with a [plan] table: name, goal, timezone, start, end (see plans/kopi-senja.toml)"), 1)
    return data


def _deep_line(text: str) -> int | None:
    """Line where brackets first nest more than 100 deep (strings are not skipped: a guess)."""
    depth = 0
    for match in re.finditer(r"[\[\]{}\n]", text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > 100:
                return text.count("\n", 0, match.start()) + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


# -- building the model -------------------------------------------------------------


class _Builder:
    """Turns the parsed document into a `Plan`, collecting load findings on the way."""

    def __init__(self, path: Path, file: str, data: dict[str, Any], src: SourceLines) -> None:
        self.path = path
        self.file = file
        self.data = data
        self.src = src
        self.fields = known_fields()
        self.findings: list[Finding] = []
        self.base = path.parent
        self.packs: Path | None = None  # the plan's packs folder, set before the accounts are built

    # findings

    def add(self, slug: str, message: str, hint: str, line: int | None) -> None:
        self.findings.append(Finding("load", slug, "error", message, hint, self.file, line))

    def unknown_key(self, key: str, where: str, valid: list[str], line: int | None) -> None:
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        listed = ", ".join(valid)
        if close:
            fixed = self.renamed_line(line, key, close[0])
            hint = (_("did you mean {key}? Write the line as: {fix}").format(key=repr(close[0]), fix=fixed) if fixed
                    else _("did you mean {key}? (valid here: {keys})").format(key=repr(close[0]), keys=listed))
        else:
            hint = _("remove it; valid here: {keys}").format(keys=listed)
        self.add("unknown-key", _("unknown key {key} in {where}").format(key=repr(key), where=where), hint, line)

    def renamed_line(self, line: int | None, key: str, new: str) -> str | None:
        """Source line `line` with its key `key` written as `new` (None when the line is not `key = ...`)."""
        if line is None:
            return None
        lines = self.src.text.split("\n", line)
        if len(lines) < line:
            return None
        found = re.match(r"\s*" + re.escape(key) + r"\s*=\s*(" + _VALUE + ")", lines[line - 1].rstrip("\r"))
        return f"{new} = {found.group(1).strip()}" if found else None

    def wrong_type(self, key: str, where: str, field: Field, value: object, line: int | None) -> None:
        got = _describe(value)
        message = _("{key} in {where} must be {kind}, not {got}").format(
            key=key, where=where, kind=kind_words(field.kind), got=got)
        hint = _("write {key} as {kind}").format(key=key, kind=kind_words(field.kind))
        if field.kind == "str" and type(value) is int:  # an id written as a number: the same digits in quotes
            hint = _("write the line as: {fix}").format(fix=f'{key} = "{value}"')
        if field.kind in ("date", "datetime") and isinstance(value, (str, date)):
            reading = self.read_moment(key, field.kind, value, line)
            if reading is not None:
                if not isinstance(value, str):  # a date where a date-time is wanted, or the other way round
                    text = _("{key} in {where} is {got}: {why}")
                elif field.kind == "datetime":
                    text = _("{key} in {where} is {got}, not a date and time TOML can read: {why}")
                else:
                    text = _("{key} in {where} is {got}, not a date TOML can read: {why}")
                message = text.format(key=key, where=where, got=got, why="; ".join(reading.reasons))
                hint = _("write the line as: {fix}").format(fix=f"{key} = {reading.value}")
        self.add("wrong-type", message, hint, line)

    def read_moment(self, key: str, kind: str, value: object, line: int | None) -> Reading | None:
        """A date or time given in another form (a string, a date without its time), read as TOML wants it."""
        if isinstance(value, datetime):  # a date-time where a date is wanted
            return Reading(value.date().isoformat(), (_("this key takes a day only, without a time"),))
        if isinstance(value, date):  # a date where a date-time is wanted
            return read_datetime(value.isoformat(), free_time=self.free_time)
        assert isinstance(value, str)
        default = day_before(self.src.text, line) if line else None
        reading = read_datetime(value, default, self.free_time) if kind == "datetime" else read_date(value)
        if reading is None:
            return None
        return Reading(reading.value, (_("TOML dates and times are written without quotes"), *reading.reasons))

    def out_of_range(self, key: str, where: str, field: Field, value: float, line: int | None) -> None:
        if (field.low, field.high) == (0, 1):
            self.add("bad-value", _("{key} in {where} is {value}, but a share lies between 0 and 1").format(
                key=key, where=where, value=value), _("write the share as a fraction: 0.2 means 20%"), line)
        else:
            self.add("bad-value", _("{key} in {where} is {value}; it must be at least {low}").format(
                key=key, where=where, value=value, low=field.low), _("write e.g. {key} = {low} (or more)").format(
                key=key, low=field.low), line)

    def free_time(self, day: date) -> str:
        """'HH:MM' on `day` at least `cadence.min_gap` (else an hour) from the plan's other posts that day."""
        gap = 60.0
        try:
            gap = parse_duration(self.data.get("cadence", {}).get("min_gap", "1h")).total_seconds() / 60
        except (DurationError, AttributeError, TypeError):
            pass
        posts = self.data.get("post")
        taken = [at.hour * 60 + at.minute for at in (p.get("at") for p in posts if isinstance(p, dict))
                 if isinstance(at, datetime) and at.date() == day] if isinstance(posts, list) else []
        for clock in ("09:00", "12:00", "15:00", "19:00", "21:00", "07:00", "17:00", "11:00", "13:00"):
            minutes = int(clock[:2]) * 60 + int(clock[3:])
            if all(abs(minutes - other) >= gap for other in taken):
                return clock
        return "09:00"

    def check_table(
        self, raw: dict[str, Any], table: str, where: str, line_of: Callable[[str], int | None]
    ) -> dict[str, Any]:
        """The keys of `raw` that are known and well-typed; findings for the rest."""
        fields = self.fields[table]
        good: dict[str, Any] = {}
        for key, value in raw.items():
            field = fields.get(key)
            if field is None:
                self.unknown_key(key, where, list(fields), line_of(key))
            elif not _CHECKS[field.kind](value):
                self.wrong_type(key, where, field, value, line_of(key))
            elif field.kind == "duration":
                try:
                    good[key] = parse_duration(value)
                except DurationTooLong:
                    self.add("bad-duration", _("{key} in {where} is {value}: far too long").format(
                        key=key, where=where, value=repr(value)),
                        _('write a realistic duration, e.g. "36h" or "2d"'), line_of(key))
                except DurationError:
                    self.add("bad-duration", _("{key} in {where} is {value}, not a duration").format(
                        key=key, where=where, value=repr(value)),
                        _("write {valid}").format(valid=_(VALID_DURATIONS)), line_of(key))
            elif field.kind == "enum" and value not in field.enum:
                slug = "unknown-preset" if key == "preset" else "bad-value"
                self.add(slug, _("{key} in {where} is {value}, which jadwal does not know").format(
                    key=key, where=where, value=repr(value)),
                    _("use one of: {values}").format(values=", ".join(field.enum)), line_of(key))
            elif (field.low is not None and value < field.low) or (field.high is not None and value > field.high):
                self.out_of_range(key, where, field, value, line_of(key))
            else:
                good[key] = value
        typos = {close for key in raw if key not in fields
                 for close in difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)}
        for key, field in fields.items():
            if field.required and key not in raw and key not in typos:  # a typo of it is reported as the cause
                self.add("missing-key", _("{where} has no {key}").format(where=where, key=key),
                         _("add {key} = ... ({kind})").format(key=key, kind=kind_words(field.kind)), line_of(""))
        return good

    def table(self, name: str) -> dict[str, Any]:
        """A root table (`[plan]`, `[mix]`, ...), checked; {} when absent or not a table."""
        raw = self.data.get(name)
        if raw is None:
            return {}
        if type(raw) is not dict:
            self.add("wrong-type", _("{name} must be a table ([{name}]), not {got}").format(
                name=name, got=_describe(raw)),
                _("write it as a [{name}] table with one key per line").format(name=name), self.src.line_of(name))
            return {}
        return self.check_table(raw, name, f"[{name}]", self.lines_in(name))

    def array(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        """Elements of a root array of tables (`[[account]]`, ...) with their index."""
        raw = self.data.get(name)
        if raw is None:
            return []
        if type(raw) is not list or not all(type(item) is dict for item in raw):
            self.add("wrong-type", _("{name} must be a list of [[{name}]] tables, not {got}").format(
                name=name, got=_describe(raw)),
                _("write one [[{name}]] table per {name}").format(name=name), self.src.line_of(name))
            return []
        return list(enumerate(raw))

    def lines_in(self, prefix: str) -> Callable[[str], int | None]:
        """Where a key of the table at `prefix` is (the table's line for "")."""
        return lambda key: self.src.line_of(f"{prefix}.{key}")

    # building

    def build(self) -> Plan:
        for key in self.data:
            if key not in ROOT_KEYS:
                self.unknown_key(key, _("the file"), list(ROOT_KEYS), self.src.line_of(key))
        plan = self.table("plan")
        timezone_name = plan.get("timezone", "")
        tz, tz_valid = _zone(timezone_name)
        preset = plan.get("preset")
        types_raw = self.types()
        mix_raw = self.table("mix")
        if preset in PRESETS:
            types_raw, mix_raw = apply_preset(preset, types_raw, mix_raw)
        preset_line = self.src.line_of("plan.preset") if preset else None
        media_folders = self.folders(plan.get("media_folders", ()))
        self.packs = self.base / plan["packs"] if plan.get("packs") else None
        return Plan(
            path=self.path,
            name=plan.get("name", ""),
            goal=plan.get("goal", ""),
            timezone=timezone_name,
            tz=tz,
            timezone_valid=tz_valid,
            start=plan.get("start"),
            end=plan.get("end"),
            preset=preset,
            accounts=self.accounts(media_folders),
            types={
                name: PostType(name, line=self.src.keys.get(f"types.{name}", preset_line), **spec)
                for name, spec in types_raw.items()
            },
            mix=Mix(**mix_raw, line=self.src.line_of("mix", preset_line if mix_raw else None)),
            cadence=Cadence(**self.table("cadence"), line=self.src.line_of("cadence")),
            engagement=self.engagement(),
            targets=self.targets(),
            posts=self.posts(tz),
            lines=self.src.keys,
            packs=self.packs,
            media_folders=media_folders,
        )

    def folders(self, names: list[str]) -> tuple[Path, ...]:
        """`media_folders` as written, relative to the plan file, symlinks resolved (R1 checks them)."""
        out = []
        for name in names:
            try:
                out.append(Path(os.path.realpath(self.base / name)))
            except ValueError:  # a NUL byte: no such folder (R1 says so)
                out.append(self.base / name)
        return tuple(out)

    def check_url(self, url: str, line: int | None) -> None:
        """Only web addresses: `file:`, `javascript:`, `data:`, `ftp:` ... would open local files or scripts."""
        try:
            parts = urlsplit(url)
            if parts.scheme.lower() in ("http", "https") and parts.hostname:
                return
        except ValueError:  # e.g. a malformed IPv6 address or port
            pass
        shown = repr(url) if len(url) < 60 else repr(url[:57] + "...")
        self.add("bad-url", _("url in [[account]] is {url}: jadwal opens only web addresses "
                              "(http:// or https://)").format(url=shown),
                 _('write the site\'s address, e.g. url = "https://www.example.com"'), line)

    def types(self) -> dict[str, dict[str, Any]]:
        raw = self.data.get("types")
        if raw is None:
            return {}
        if type(raw) is not dict:
            self.add("wrong-type", _("types must be tables of post types ([types.promo], ...), not {got}").format(
                got=_describe(raw)), _("declare each type as its own table, e.g. [types.promo] with selling = true"),
                     self.src.line_of("types"))
            return {}
        out: dict[str, dict[str, Any]] = {}
        for name, spec in raw.items():
            prefix = f"types.{name}"
            if type(spec) is not dict:
                self.add("wrong-type", _("post type {name} must be a table, not {got}").format(
                    name=repr(name), got=_describe(spec)),
                    _("write it as [types.{name}] with keys such as selling = true, max = 0.2").format(name=name),
                         self.src.line_of(prefix))
                continue
            out[name] = self.check_table(
                spec, "type", f"[types.{name}]", self.lines_in(prefix)
            )
        return out

    def engagement(self) -> Engagement:
        raw = self.table("engagement")
        if "notify" in raw:
            raw["notify"] = tuple(raw["notify"])
        return Engagement(**raw, line=self.src.line_of("engagement"))

    def accounts(self, media_folders: tuple[Path, ...]) -> dict[str, Account]:
        """The [[account]] tables; each account's `media_folders` starts with the plan's."""
        accounts: dict[str, Account] = {}
        for index, raw in self.array("account"):
            prefix = f"account.{index}"
            line = self.src.line_of(prefix, 0) or 0
            spec = self.check_table(raw, "account", "[[account]]", self.lines_in(prefix))
            if "id" not in spec:
                continue
            if spec["id"] in accounts:
                self.add("duplicate-id", _("account id {id} is declared twice (first on line {line})").format(
                    id=repr(spec["id"]), line=accounts[spec["id"]].line), _("give each [[account]] its own id"), line)
                continue
            if "url" in spec:
                self.check_url(spec["url"], self.src.line_of(f"{prefix}.url") or line)
            session, profile = spec.get("session"), spec.get("profile")
            accounts[spec["id"]] = Account(
                id=spec["id"],
                platform=spec.get("platform", ""),
                url=spec.get("url", ""),
                handle=spec.get("handle", ""),
                session=self.base / session if session else None,
                line=line,
                media_folders=media_folders + self.folders(spec.get("media_folders", ())),
                login_url=spec.get("login_url", ""),
                profile=self.base / profile if profile else None,
                packs=self.packs,
                page_id=spec.get("page_id", ""),
            )
        return accounts

    def targets(self) -> list[Target]:
        targets = []
        for index, raw in self.array("target"):
            prefix = f"target.{index}"
            spec = self.check_table(raw, "target", "[[target]]", self.lines_in(prefix))
            baseline, goal = spec.get("baseline"), spec.get("goal")
            targets.append(Target(
                metric=spec.get("metric", ""),
                account=spec.get("account"),
                baseline=None if baseline is None else float(baseline),
                goal=None if goal is None else float(goal),
                by=spec.get("by"),
                line=self.src.line_of(prefix, 0) or 0,
                direction=spec.get("direction", "up"),
            ))
        return targets

    def posts(self, tz: tzinfo) -> list[Post]:
        """Every post, one per account, sorted by (at, account, id).

        The hot loop of the loader (one pass per post of a 30k-post plan), so it is
        written flat: plain type checks, per-day values cached, no per-post helpers.
        Anything unusual goes to `bad_post`, which explains it with the schema.
        """
        fields = self.fields["post"]
        if {key: field.kind for key, field in fields.items()} != _POST_FAST_KINDS:
            raise AssertionError("schema.json post fields changed: update loader._POST_FAST_KINDS")
        raw_posts = self.data.get("post")
        if raw_posts is None:
            return []
        if type(raw_posts) is not list:
            self.array("post")  # reports the wrong type
            return []
        known = frozenset(fields)
        lines = self.src.arrays.get("post") or []
        if len(lines) != len(raw_posts):  # e.g. posts written as an inline array
            lines = [self.src.line_of("post", 0) or 0] * len(raw_posts)
        base = self.base
        days: dict[int, _Day] = {}
        combine = datetime.combine
        hhmm = _HHMM
        media_paths: dict[str, Path] = {}
        posts: list[Post] = []
        append = posts.append
        for index, (raw, line) in enumerate(zip(raw_posts, lines, strict=True)):
            if type(raw) is not dict:
                self.add("wrong-type", _("post must be a [[post]] table, not {got}").format(got=_describe(raw)),
                         _("write one [[post]] table per post"), line)
                continue
            get = raw.get
            at = get("at")
            account = get("account")
            post_type = get("type", "")
            text = get("text", "")
            post_id = get("id")
            title = get("title")
            media = get("media")
            alt: tuple[str, ...] = ()
            if not _is_str_list(media) and _is_media_list(media):  # pictures given as { path, alt } tables
                media, alt = self.media_tables(index, media, line)
            featured = get("featured")
            categories = get("categories")
            tags = get("tags")
            excerpt = get("excerpt")
            if (
                type(at) is not datetime
                or type(post_type) is not str
                or type(text) is not str
                or (post_id is not None and type(post_id) is not str)
                or (title is not None and type(title) is not str)
                or (media is not None and not _is_str_list(media))
                or (type(account) is not str and not (_is_str_list(account) and account))
                or not known.issuperset(raw)
                or (featured is not None and type(featured) is not str and featured is not False)
                or (categories is not None and not _is_str_list(categories))
                or (tags is not None and not _is_str_list(tags))
                or (excerpt is not None and type(excerpt) is not str)
            ):
                self.bad_post(index, raw, line)
                continue
            kind: AtKind
            try:  # costs nothing unless raised
                if at.tzinfo is None:
                    local = at
                    aware = combine(at, at.time(), tz)  # 4x faster than at.replace(tzinfo=tz)
                    kind = "local"
                else:
                    aware = at.astimezone(tz)
                    local = aware.replace(tzinfo=None)
                    kind = "offset"
                day = days.get(local.toordinal())
                if day is None:
                    day = days[local.toordinal()] = _Day(local, tz)
                if day.risky and kind == "local":
                    kind = _local_kind(aware, tz)
            except OverflowError:  # the zone's day around `at` leaves the calendar (years 1..9999)
                self.add("bad-value", _("at = {value} is at the very edge of the calendar").format(
                    value=at.isoformat()), _("give a realistic date, e.g. at = 2026-12-01T09:00:00"),
                    self.src.element_key_line("post", index, "at") or line)
                continue
            if media:  # Path joins are slow; plans reuse the same few pictures
                paths = tuple([media_paths.get(item) or media_paths.setdefault(item, base / item) for item in media])
            else:
                paths = ()
            chosen: Path | Literal[False] | None = base / featured if isinstance(featured, str) else \
                False if featured is False else None
            extra = (alt, chosen, tuple(categories) if categories else (), tuple(tags) if tags else (), excerpt)
            if type(account) is str:
                if post_id is None:
                    post_id = account + day.stamp + hhmm[local.hour * 60 + local.minute]
                append(Post(post_id, account, aware, local, post_type, text, paths, title, kind, line, *extra))
                continue
            for name in account:
                if post_id is None:
                    pid = name + day.stamp + hhmm[local.hour * 60 + local.minute]
                else:
                    pid = f"{post_id}-{name}"
                append(Post(pid, name, aware, local, post_type, text, paths, title, kind, line, *extra))
        if len(set(map(_BY_ID, posts))) != len(posts):
            posts = self.drop_duplicates(posts)
        return _sorted_posts(posts)

    def drop_duplicates(self, posts: list[Post]) -> list[Post]:
        """Report every post whose id was already used; keep the first."""
        seen: dict[str, int] = {}
        kept = []
        for post in posts:
            if post.id in seen:
                self.add("duplicate-id",
                         _("post id {id} is used twice (first by the post on line {line})").format(
                             id=repr(post.id), line=seen[post.id]),
                         _("give each [[post]] its own id (without one, an account posts at most once a minute)"),
                         post.line)
                continue
            seen[post.id] = post.line
            kept.append(post)
        return kept

    def media_tables(self, index: int, items: list[str | dict[str, Any]], line: int
                     ) -> tuple[list[str], tuple[str, ...]]:
        """A post's `media` given (partly) as `{ path, alt }` tables: (paths, alt texts), findings for the rest."""
        at = self.src.element_key_line("post", index, "media") or line
        paths: list[str] = []
        alts: list[str] = []
        for item in items:
            spec = {"path": item} if isinstance(item, str) else \
                self.check_table(item, "mediaItem", _("a picture of media in [[post]]"), lambda _key: at)
            if "path" in spec:
                paths.append(spec["path"])
                alts.append(spec.get("alt", ""))
        return paths, (tuple(alts) if any(alts) else ())

    def bad_post(self, index: int, raw: dict[str, Any], line: int) -> None:
        """The slow path for a post that failed the fast checks: say exactly what is wrong."""
        def line_of(key: str) -> int:
            return (self.src.element_key_line("post", index, key) or line) if key else line

        before = len(self.findings)
        post_id = raw.get("id")
        where = _("post {id}").format(id=repr(post_id)) if type(post_id) is str else "[[post]]"
        spec = self.check_table(raw, "post", where, line_of)
        if spec.get("account") == []:
            self.add("wrong-type", _("account in {where} is an empty list").format(where=where),
                     _('name at least one account, e.g. account = ["ig"]'), line_of("account"))
        if len(self.findings) == before:  # the fast path and the schema disagree: never silently drop a post
            self.add("wrong-type", _("this [[post]] cannot be read"), _("check its keys against the schema"), line)


#: "T0000" .. "T2359": the time part of derived post ids, by minute of the day
_HHMM = [f"T{hour:02d}{minute:02d}" for hour in range(24) for minute in range(60)]


class _Day:
    """Per local day, computed once: the id stamp and whether the UTC offset changes that day."""

    __slots__ = ("stamp", "risky")

    def __init__(self, local: datetime, tz: tzinfo) -> None:
        self.stamp = f"-{local.year:04d}{local.month:02d}{local.day:02d}"
        self.risky = _offset_changes(local.date(), tz)


def _sorted_posts(posts: list[Post]) -> list[Post]:
    """Sort by (at, account, id), fast for big plans.

    A sort on `at` alone is several times faster than one on a tuple, and stable:
    posts at the same time keep their order from the file, which is usually
    already (account, id). Only when it is not is the tuple sort paid for.
    """
    posts.sort(key=_BY_AT)
    times = list(map(_BY_AT, posts))
    ties = list(map(eq, times, times[1:]))
    if True not in ties:
        return posts
    order = list(map(_BY_ACCOUNT_ID, posts))
    if True in map(and_, ties, map(gt, order, order[1:])):
        posts.sort(key=_BY_AT_ACCOUNT_ID)
    return posts


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return _("the string {value}").format(value=repr(value)) if len(value) < 40 else _("a string")
    if isinstance(value, datetime):
        return _("the date and time {value}").format(value=value.isoformat())
    if isinstance(value, date):
        return _("the date {value}").format(value=value.isoformat())
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    return type(value).__name__


def _zone(name: object) -> tuple[tzinfo, bool]:
    """The plan's zone and whether its name is a valid IANA zone (UTC stands in when not)."""
    if not isinstance(name, str) or not name.strip():
        return _UTC, False
    try:
        return ZoneInfo(name), True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _UTC, False


def _offset_changes(day: date, tz: tzinfo) -> bool:
    """Whether the zone's UTC offset changes on `day` (so local times may be skipped or doubled)."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = start + timedelta(days=1)
    offsets = {start.utcoffset(), start.replace(fold=1).utcoffset(), end.utcoffset(), end.replace(fold=1).utcoffset()}
    return len(offsets) > 1


def _local_kind(aware: datetime, tz: tzinfo) -> AtKind:
    """"nonexistent" in a DST gap, "ambiguous" in a DST fold, else "local"."""
    if aware.utcoffset() == aware.replace(fold=1).utcoffset():
        return "local"
    back = aware.astimezone(_UTC).astimezone(tz).replace(tzinfo=None)
    return "ambiguous" if back == aware.replace(tzinfo=None) else "nonexistent"
