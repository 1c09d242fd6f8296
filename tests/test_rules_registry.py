"""Rules come from the `jadwal.rules` entry-point group, built-ins like plugins."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest
from plan_factory import make_plan

from scheduler.errors import ConfigError
from scheduler.plan.model import Engagement
from scheduler.rules import registry
from scheduler.rules.base import Rule
from scheduler.rules.registry import RulePluginError, check_plan, load_rules, rules_from

NAMES = {
    "R1": ("no-plan", "Tidak Mempunyai Rencana"),
    "R2": ("no-target", "Tidak Mempunyai Target"),
    "R3": ("too-much-selling", "Terlalu Banyak Jualan"),
    "R4": ("one-way", "Komunikasi Hanya Satu Arah"),
    "R5": ("inconsistent", "Tidak Konsisten"),
}


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    load_rules.cache_clear()
    yield
    load_rules.cache_clear()


def test_builtins_are_found_through_entry_points() -> None:
    points = {p.name: p.value for p in entry_points(group="jadwal.rules")}
    assert points["R3"] == "scheduler.rules.r3_too_much_selling:RULE"
    rules = load_rules()
    assert [(r.id, r.slug, r.name_id) for r in rules] == [(k, *v) for k, v in NAMES.items()]
    assert load_rules() is rules  # cached


def install_plugin(root: Path, monkeypatch: pytest.MonkeyPatch, body: str, entry: str) -> None:
    """A real unpacked distribution on sys.path declaring `entry` in [jadwal.rules], as pip leaves it."""
    (root / "jadwal_rule_plugin.py").write_text(textwrap.dedent(body))
    info = root / "jadwal_rule_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jadwal-rule-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[jadwal.rules]\n{entry}\n")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, "jadwal_rule_plugin", raising=False)


PLUGIN = """
    from scheduler.rules.base import Rule

    def check(plan):
        return [RULE.finding(plan, "warning", f"{len(plan.posts)} posts", "none", None)]

    RULE = Rule(id="R10", slug="count", name_en="Count", name_id="Hitung", check=check)
    NOT_A_RULE = {"id": "R11"}
"""


def test_a_third_party_rule_joins_in_natural_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, PLUGIN, "R10 = jadwal_rule_plugin:RULE")
    assert [r.id for r in load_rules()] == ["R1", "R2", "R3", "R4", "R5", "R10"]
    findings = check_plan(make_plan())
    assert [(f.rule, f.message) for f in findings] == [("R10", "14 posts")]


def test_a_non_rule_object_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, PLUGIN, "R11 = jadwal_rule_plugin:NOT_A_RULE")
    with pytest.raises(RulePluginError) as caught:
        load_rules()
    assert isinstance(caught.value, ConfigError)
    assert caught.value.message == (
        "entry point 'R11' = 'jadwal_rule_plugin:NOT_A_RULE' in group 'jadwal.rules' gives a dict, "
        "not a scheduler.rules.base.Rule"
    )
    assert "Rule(id=..." in caught.value.hint


def test_a_plugin_that_fails_to_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, "raise ImportError('needs numpy')", "R12 = jadwal_rule_plugin:RULE")
    with pytest.raises(RulePluginError, match="cannot load the rule of entry point 'R12'.*ImportError: needs numpy"):
        load_rules()


def test_duplicate_ids_are_refused() -> None:
    point = EntryPoint("R1", "scheduler.rules.r1_no_plan:RULE", "jadwal.rules")
    with pytest.raises(RulePluginError, match="two rules have the id 'R1'"):
        rules_from([point, point])


def test_check_plan_sorts_by_line_then_rule() -> None:
    plan = make_plan(targets=[], engagement=Engagement(), goal="")
    findings = check_plan(plan)
    assert [(f.line, f.rule) for f in findings] == [(1, "R2"), (1, "R4"), (3, "R1")]
    assert all(f.file == "plan.toml" for f in findings)


def test_check_plan_with_chosen_rules() -> None:
    plan = make_plan(targets=[], goal="")
    only_r2 = [r for r in load_rules() if r.id == "R2"]
    assert [f.rule for f in check_plan(plan, only_r2)] == ["R2"]


def test_rules_share_one_index_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_plan builds the per-account index once, not once per rule."""
    from scheduler.rules import windows

    built = []
    real = windows._build
    monkeypatch.setattr(windows, "_build", lambda plan: built.append(plan) or real(plan))
    check_plan(make_plan())
    assert len(built) == 1
    windows.index(make_plan())  # outside check_plan: no cache, no stale results
    assert len(built) == 2


def test_rule_is_the_contract() -> None:
    assert all(isinstance(r, Rule) for r in load_rules())
    assert registry.GROUP == "jadwal.rules"
