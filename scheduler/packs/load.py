"""Finding, reading, merging and checking packs.

A platform's pack is its built-in file (`scheduler/packs/data/<platform>.toml`)
with the user's own files merged over it, in this order: each folder of
`JADWAL_PACKS` (separated like PATH), then the plan's `packs` folder (the most
specific wins). A user file may be a full copy or hold only what changed:
merging replaces whole entries (one locator's fallbacks, one checkpoint, one
limit, one pace), never parts of one, so a fix means exactly what it says.
Each user file is checked against the schema alone, and the merged pack again,
so a mistake is reported with the file and line it is in.

Packs are read once per process and read again when one of their files
changes (the daemon picks up a repaired pack without a restart).
"""

from __future__ import annotations

import copy
import json
import os
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from scheduler.errors import PackError
from scheduler.i18n import _
from scheduler.packs.model import (
    ACTIONS,
    STRATEGIES,
    CountLimit,
    Dialog,
    GapLimit,
    KindLimit,
    Limits,
    LocatorSpec,
    MediaLimits,
    Origin,
    Pace,
    PackData,
    Signature,
    Strategy,
)
from scheduler.plan.durations import DurationError, parse_duration
from scheduler.plan.lines import SourceLines

BUILTIN_DIR = Path(__file__).with_name("data")
SCHEMA_PATH = Path(__file__).with_name("schema.json")
ENV = "JADWAL_PACKS"
#: tables whose entries a user file replaces one by one
MERGED_BY_ENTRY = ("locators", "checkpoints", "dialogs", "limits", "pacing", "patterns")

_lock = threading.Lock()
_cache: dict[tuple[object, ...], PackData] = {}


@lru_cache(maxsize=2)
def _validator(partial: bool) -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if partial:  # a user file: only what changed, but always which platform and which version
        schema = copy.deepcopy(schema)
        schema["required"] = ["platform", "version"]
    validator = jsonschema.Draft202012Validator
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


def builtin_platforms() -> list[str]:
    """Platforms with a pack shipped inside jadwal."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


def user_folders(plan_folder: Path | None = None, env: Mapping[str, str] | None = None) -> list[Path]:
    """Folders that may hold user packs, least specific first: JADWAL_PACKS, then the plan's."""
    env = os.environ if env is None else env
    folders = [Path(p) for p in env.get(ENV, "").split(os.pathsep) if p]
    if plan_folder is not None:
        folders.append(plan_folder)
    return folders


def load(platform: str, folders: Sequence[Path] = (), *, builtin_dir: Path = BUILTIN_DIR) -> PackData | None:
    """The platform's pack, user files merged over the built-in one; None when there is neither.

    `PackError` (file, line, fix) when a file cannot be read or the result is invalid.
    """
    builtin = builtin_dir / f"{platform}.toml"
    files = [f for f in (folder / f"{platform}.toml" for folder in folders) if _is_file(f)]
    base = builtin if builtin.is_file() else None
    if base is None and not files:
        return None
    key = (platform, *((str(f), _stamp(f)) for f in ([base] if base else []) + files))
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    pack = _build_merged(platform, base, files)
    with _lock:
        _cache[key] = pack
    return pack


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def _build_merged(platform: str, base: Path | None, files: list[Path]) -> PackData:
    merged: dict[str, Any] = {}
    lines: dict[str, tuple[Path, SourceLines]] = {}
    sources = ([base] if base else []) + files
    for path in sources:
        data, src = _read(path)
        _check(path, data, src, partial=path is not base, languages=data.get("languages") or merged.get("languages"))
        if data.get("platform") != platform:
            raise PackError(
                _("this pack is for platform {found}, but its file name says {platform}").format(
                    found=repr(data.get("platform")), platform=repr(platform)),
                _("name the file after its platform ({platform}.toml) or fix `platform`").format(platform=platform),
                file=str(path), line=src.line_of("platform"),
            )
        merged = merge(merged, data)
        for top in data:
            lines[top] = (path, src)
            for entry in data[top] if isinstance(data[top], dict) else ():
                lines[f"{top}.{entry}"] = (path, src)
    last = sources[-1]
    if base is None:  # no built-in pack: the user's files must make a whole one
        _check(last, merged, None, partial=False, lines=lines)
    return _build(merged, Origin(base, tuple(files)), lines)


def _read(path: Path) -> tuple[dict[str, Any], SourceLines]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(_("the pack cannot be read: {reason}").format(reason=exc),
                        _("check the file's permissions and that it is UTF-8 text"), file=str(path)) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise PackError(_("TOML syntax error: {problem}").format(problem=exc),
                        _("check quotes, brackets and the `key = value` form on that line"), file=str(path),
                        line=int(found.group(1)) if found else None) from exc
    return _jsonable(data), SourceLines(text, data, lazy=())


def _jsonable(value: Any) -> Any:
    """TOML dates become ISO strings, as JSON Schema sees them."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _check(path: Path, data: dict[str, Any], src: SourceLines | None, *, partial: bool,
           lines: dict[str, tuple[Path, SourceLines]] | None = None, languages: Sequence[str] | None = None) -> None:
    """Schema errors, then what a schema cannot say (CSS last, labels in the pack's languages)."""
    errors = sorted(_validator(partial).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = _deepest(errors[0])
        where = ".".join(str(p) for p in error.absolute_path)
        file, line = _where(path, src, lines, where)
        problem = error.message
        if error.validator == "not" and where.endswith(".css"):
            problem = _("{value} looks like XPath, which packs never use").format(value=repr(error.instance))
        raise PackError(
            _("{key}: {problem}").format(key=where or _("the pack"), problem=problem),
            _("compare it with the built-in pack ({builtin}) and the schema (scheduler/packs/schema.json)").format(
                builtin=BUILTIN_DIR / f"{data.get('platform', 'PLATFORM')}.toml"),
            file=str(file), line=line,
        )
    for kind, sig in (data.get("checkpoints") or {}).items():
        try:
            re.compile(sig.get("url") or "")
        except re.error as exc:
            file, line = _where(path, src, lines, f"checkpoints.{kind}.url")
            raise PackError(_("checkpoints.{kind}.url is not a valid regular expression: {problem}").format(
                kind=kind, problem=exc), _("escape special characters with a backslash, e.g. \\?"),
                file=str(file), line=line) from exc
    for key, value in (data.get("patterns") or {}).items():
        for text in (value.values() if isinstance(value, dict) else [value]):
            try:
                re.compile(text)
            except re.error as exc:
                file, line = _where(path, src, lines, f"patterns.{key}")
                raise PackError(_("patterns.{key} is not a valid regular expression: {problem}").format(
                    key=key, problem=exc), _("escape special characters with a backslash, e.g. \\?"),
                    file=str(file), line=line) from exc
    known = set(languages if languages is not None else data.get("languages") or ())
    for table, entries in (("locators", data.get("locators") or {}),
                           ("checkpoints", {k: v.get("match", []) for k, v in (data.get("checkpoints") or {}).items()}),
                           ("dialogs", {f"{k}.{part}": v[part] for k, v in (data.get("dialogs") or {}).items()
                                        for part in ("match", "dismiss")}),
                           ("patterns", {k: [{"text": v}] for k, v in (data.get("patterns") or {}).items()})):
        for key, fallbacks in entries.items():
            problem = _fallback_problem(fallbacks, known)
            if problem:
                file, line = _where(path, src, lines, f"{table}.{key}")
                raise PackError(_("{key}: {problem}").format(key=f"{table}.{key}", problem=problem[0]), problem[1],
                                file=str(file), line=line)


def _deepest(error: Any) -> Any:
    """For a `oneOf` that failed, the sub-error that says most (the schema's own message is vague)."""
    best = error
    while best.context:
        best = max(best.context, key=lambda e: len(e.absolute_path))
    return best if best.absolute_path else error


def _where(path: Path, src: SourceLines | None, lines: dict[str, tuple[Path, SourceLines]] | None,
           key: str) -> tuple[Path, int | None]:
    if src is not None:
        return path, src.line_of(key)
    top = ".".join(key.split(".")[:2])
    found = (lines or {}).get(top) or (lines or {}).get(key.split(".")[0])
    if found is None:
        return path, None
    return found[0], found[1].line_of(key)


def _fallback_problem(fallbacks: list[dict[str, Any]], languages: set[str]) -> tuple[str, str] | None:
    seen_css = False
    for n, item in enumerate(fallbacks, 1):
        kind = next(k for k in STRATEGIES if k in item)
        if kind == "css":
            seen_css = True
        elif seen_css:
            return (_("fallback {n} ({kind}) comes after a CSS selector").format(n=n, kind=kind),
                    _("put roles, labels, test ids and attributes first and CSS selectors last: CSS breaks first"))
        if "name" in item and kind != "role":
            return (_("fallback {n}: `name` belongs to a `role`").format(n=n),
                    _('give it with its role in the same fallback, e.g. role = "button", name = "Post"'))
        for value in (item.get(k) for k in ("name", "label", "placeholder", "alt", "title", "text")):
            if isinstance(value, dict) and languages and not set(value) <= languages:
                missing = ", ".join(sorted(set(value) - languages))
                return (_("fallback {n} gives a text in {langs}, which the pack's `languages` does not list").format(
                    n=n, langs=missing), _("add the language to `languages`, or fix the language code"))
    return None


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`: tables of MERGED_BY_ENTRY entry by entry, everything else whole."""
    out = dict(base)
    for key, value in override.items():
        if key in MERGED_BY_ENTRY and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


# -- building the model ---------------------------------------------------------------------------


def _texts(value: str | dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (("", value),)
    return tuple(value.items())


def strategy(item: Mapping[str, Any]) -> Strategy:
    """One fallback as read from a pack (already checked against the schema)."""
    kind = next(k for k in STRATEGIES if k in item)
    exact = bool(item.get("exact", True))
    if kind == "role":
        return Strategy("role", _texts(item.get("name")), role=item["role"], exact=exact)
    if kind == "test_id":
        return Strategy("test_id", value=item["test_id"])
    if kind == "css":
        return Strategy("css", value=item["css"])
    if kind == "attribute":
        return Strategy("attribute", attribute=(item["attribute"]["name"], item["attribute"]["value"]))
    return Strategy(kind, _texts(item[kind]), exact=exact)


def _strategies(items: Iterable[Mapping[str, Any]]) -> tuple[Strategy, ...]:
    return tuple(strategy(i) for i in items)


def _pace(raw: dict[str, Any], key: str, file: Path | None, line: int | None, table: str = "pacing") -> Pace:
    try:
        return Pace(parse_duration(raw["min_gap"]), parse_duration(raw.get("jitter", "0s")))
    except DurationError as exc:
        raise PackError(_("{table}.{key}: {problem}").format(table=table, key=key, problem=exc),
                        _('write a duration such as "30s", "5m" or "1h"'), file=str(file), line=line) from exc


def _at(lines: dict[str, tuple[Path, SourceLines]], key: str) -> tuple[Path | None, int | None]:
    """The file and line a merged pack's `key` came from (for messages)."""
    file, src = lines.get(key, (None, None))
    return file, src.line_of(key) if src is not None else None


def _seconds(gap: timedelta) -> str:
    return _("{seconds} s").format(seconds=f"{gap.total_seconds():g}")


def _check_reply_pace(platform: str, least: GapLimit | None, pace: Pace | None,
                      lines: dict[str, tuple[Path, SourceLines]]) -> None:
    """A pack may not pace replies faster than its platform takes them (WordPress refuses a second
    comment within 15 s): the daemon and `jadwal reply` would run into the refusal."""
    if least is None or pace is None or pace.min_gap >= least.min_gap:
        return
    file, line = _at(lines, "pacing.reply")
    raise PackError(
        _("pacing.reply waits {gap} between replies, but {platform} takes at most one every {least} "
          "({source})").format(gap=_seconds(pace.min_gap), platform=platform, least=_seconds(least.min_gap),
                               source=least.source),
        _('give pacing.reply a min_gap of {least} or more, e.g. min_gap = "{seconds}s"').format(
            least=_seconds(least.min_gap), seconds=int(least.min_gap.total_seconds())),
        file=str(file), line=line)


def _build(data: dict[str, Any], origin: Origin, lines: dict[str, tuple[Path, SourceLines]]) -> PackData:
    limits_raw = data.get("limits") or {}
    media = limits_raw.get("media")
    gap = limits_raw.get("reply_gap")
    limits = Limits(
        **{k: CountLimit(v["max"], v["source"]) for k, v in limits_raw.items() if k not in ("media", "reply_gap")},
        reply_gap=None if gap is None else GapLimit(_pace(gap, "reply_gap", *_at(lines, "limits.reply_gap"),
                                                          table="limits").min_gap, gap["source"]),
        media=None if media is None else MediaLimits(
            required=media["required"], max_count=media.get("max_count"), source=media["source"],
            kinds={kind: KindLimit(tuple(spec["mime"]), spec.get("max_bytes"), spec.get("source", media["source"]))
                   for kind, spec in media["kinds"].items()},
        ),
    )
    pacing = {}
    for action in ACTIONS:
        raw = (data.get("pacing") or {}).get(action)
        if raw is not None:
            pacing[action] = _pace(raw, action, *_at(lines, f"pacing.{action}"))
    _check_reply_pace(data["platform"], limits.reply_gap, pacing.get("reply"), lines)
    return PackData(
        platform=data["platform"],
        version=data["version"],
        checked=date.fromisoformat(data["checked"]),
        languages=tuple(data["languages"]),
        locators={key: LocatorSpec(key, _strategies(items)) for key, items in data["locators"].items()},
        checkpoints={kind: Signature(kind, sig.get("url"), _strategies(sig.get("match", ())))
                     for kind, sig in (data.get("checkpoints") or {}).items()},
        dialogs={name: Dialog(name, _strategies(d["match"]), _strategies(d["dismiss"]))
                 for name, d in (data.get("dialogs") or {}).items()},
        limits=limits,
        pacing=pacing,
        origin=origin,
        site=data.get("site", ""),
        sources=tuple(data.get("sources") or ()),
        patterns={key: _texts(value) for key, value in (data.get("patterns") or {}).items()},
    )
