"""The JSON schema editors read (`#:schema`) and the loader agree on every key and type."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scheduler.errors import PlanLoadError
from scheduler.plan import durations
from scheduler.plan.loader import SCHEMA_PATH, _POST_FAST_KINDS, known_fields, load_plan
from scheduler.plan.presets import PRESETS

ROOT = Path(__file__).parents[1]
PLANS = sorted((ROOT / "plans").glob("**/*.toml"))
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def as_json(value: Any) -> Any:
    """TOML values as an editor's schema validator sees them: dates and times become strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(as_json(document))]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_example_plans_exist() -> None:
    names = {path.relative_to(ROOT / "plans").as_posix() for path in PLANS}
    assert "kopi-senja.toml" in names


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_plan_validates_against_the_schema(path: Path) -> None:
    """Broken example plans break rules, not the schema: they must load too."""
    assert schema_errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []
    load_plan(path)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_plan_names_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first.removeprefix("#:schema ").strip()).resolve()
    assert first.startswith("#:schema ") and target == SCHEMA_PATH.resolve()


def test_loader_keys_are_the_schema_keys() -> None:
    fields = known_fields()
    props, defs = SCHEMA["properties"], SCHEMA["$defs"]
    for table in ("plan", "mix", "cadence", "engagement"):
        assert set(fields[table]) == set(props[table]["properties"]), table
    for table, name in (("account", "account"), ("type", "postType"), ("target", "target"), ("post", "post")):
        assert set(fields[table]) == set(defs[name]["properties"]), table
    assert {key: field.kind for key, field in fields["post"].items()} == _POST_FAST_KINDS


def test_enums_and_patterns_match_the_code() -> None:
    assert props_enum("plan", "preset") == list(PRESETS)
    assert SCHEMA["$defs"]["duration"]["pattern"] == durations.PATTERN
    assert SCHEMA["$defs"]["target"]["properties"]["direction"]["enum"] == ["up", "down"]


def props_enum(table: str, key: str) -> list[str]:
    return list(SCHEMA["properties"][table]["properties"][key]["enum"])


MINIMAL = """\
[plan]
goal = "g"
timezone = "Asia/Jakarta"
start = 2026-12-01
end = 2026-12-31
[[account]]
id = "ig"
platform = "sandbox"
[types.promo]
selling = true
[[target]]
metric = "reach"
[[post]]
account = "ig"
at = 2026-12-01T09:00:00
"""

#: where a bogus key goes: (text to insert after, table label)
PLACES = [
    ("[plan]\n", "plan"),
    ('platform = "sandbox"\n', "account"),
    ("selling = true\n", "type"),
    ('metric = "reach"\n', "target"),
    ("at = 2026-12-01T09:00:00\n", "post"),
    ("", "root"),
]


@pytest.mark.parametrize(("after", "where"), PLACES, ids=[w for _, w in PLACES])
def test_unknown_key_is_refused_by_both(tmp_path: Path, after: str, where: str) -> None:
    text = MINIMAL.replace(after, after + 'bogus = "x"\n', 1) if after else 'bogus = "x"\n' + MINIMAL
    assert schema_errors(tomllib.loads(text)) != []
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanLoadError) as caught:
        load_plan(path)
    assert [f.slug for f in caught.value.findings] == ["unknown-key"]


@pytest.mark.parametrize(
    ("after", "line"),
    [("[plan]\n", "start = 20261201\n"), ("[types.promo]\n", "min = \"a lot\"\n"),
     ("[plan]\n", 'preset = "99-1"\n'), ("[[target]]\n", 'direction = "left"\n'),
     ("[[post]]\n", "media = \"a.jpg\"\n"), ("[[post]]\n", "title = 3\n"), ("[types.promo]\n", "max = 20\n"),
     ("[types.promo]\n", "min_per_day = -1\n")],
)
def test_wrong_value_is_refused_by_both(tmp_path: Path, after: str, line: str) -> None:
    """(A date in quotes is the one thing a JSON schema cannot tell from a date: editors
    see TOML dates as strings. The loader refuses it, with a hint to drop the quotes.)"""
    text = MINIMAL.replace(after, after + line, 1).replace("start = 2026-12-01\n", "", line.startswith("start") * 1)
    assert schema_errors(tomllib.loads(text)) != []
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanLoadError):
        load_plan(path)


def test_minimal_plan_is_accepted_by_both(tmp_path: Path) -> None:
    assert schema_errors(tomllib.loads(MINIMAL)) == []
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    load_plan(path)
