"""plans/broken/*.toml: each example breaks its own rule, and only that rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.rules.registry import check_plan

BROKEN = Path(__file__).resolve().parent.parent / "plans" / "broken"
EXAMPLES = {
    "r1-no-plan.toml": ("R1", ["plan.goal is empty", "is only 30m after"]),
    "r2-no-target.toml": ("R2", ["no [[target]]"]),
    "r3-too-much-selling.toml": ("R3", ["4 of its 14 posts are selling posts (28.6%)", "3 selling posts in a row"]),
    "r4-one-way.toml": ("R4", ["engagement.owner is missing", "check_every is 2d",
                               "interactive posts (question) are 0 of its 14 posts (0%)"]),
    # the 73 hours of silence around the two empty days are the same cause: one finding
    "r5-inconsistent.toml": ("R5", ["no posts on 2026-12-05, 2026-12-06", "ratio 0.25"]),
}


def test_every_example_is_listed() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.toml")) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_breaks_its_rule_only(name: str) -> None:
    load_plan = pytest.importorskip("scheduler.plan.loader").load_plan
    path = BROKEN / name
    rule, expected = EXAMPLES[name]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../scheduler/plan/schema.json\n# Breaks " + rule)
    findings = check_plan(load_plan(path))
    errors = [f for f in findings if f.severity == "error"]
    assert {f.rule for f in errors} == {rule}
    assert len(errors) == len(expected)
    for f, words in zip(errors, expected, strict=True):
        assert words in f.message
        assert f.line is not None and f.file == str(path)
