"""`jadwal validate`: exit codes, the JSON contract, GitHub annotations, the human report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scheduler.cli import cli
from scheduler.cli.validate import github_line
from scheduler.findings import Finding

ROOT = Path(__file__).parents[1]
KOPI = "plans/kopi-senja.toml"
R3 = "plans/broken/r3-too-much-selling.toml"
FINDING_KEYS = ["rule", "slug", "severity", "message", "hint", "file", "line", "days"]


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", *args])


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def kopi_with(tmp_path: Path, old: str, new: str, count: int = -1) -> str:
    text = (ROOT / KOPI).read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, count), "variant.toml")


# -- exit codes and the human report ---------------------------------------------------


def test_valid_plan_exits_0_with_a_summary() -> None:
    result = run(KOPI)
    assert result.exit_code == 0, result.output
    assert result.output == "plans/kopi-senja.toml: OK, 80 posts, 2026-12-01..2026-12-31\n"


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    plan = kopi_with(tmp_path, "by = 2026-12-31", "by = 2027-01-31", 1)
    result = run(plan)
    assert result.exit_code == 0, result.output
    assert f"{plan}: OK with 1 warning, 80 posts, 2026-12-01..2026-12-31" in result.output
    assert f"{plan}:53: warning R2 no-target (Tidak Mempunyai Target / No target)" in result.output


def test_rule_errors_exit_1(tmp_path: Path) -> None:
    result = run(R3)
    assert result.exit_code == 1, result.output
    assert " error R3 too-much-selling (Terlalu Banyak Jualan / Too much selling)\n" in result.output
    assert "\n  fix: " in result.output
    assert result.output.splitlines()[-1].startswith(f"{R3}: ") and "error" in result.output.splitlines()[-1]


def test_load_error_block_is_exact(tmp_path: Path) -> None:
    plan = kopi_with(tmp_path, 'owner = "Rina"', 'ownr = "Rina"')
    result = run(plan)
    assert result.exit_code == 2
    assert result.output == (
        f"{plan}:48: error load unknown-key (Berkas rencana / Plan file)\n"
        "  unknown key 'ownr' in [engagement]\n"
        "  fix: did you mean 'owner'? Write the line as: owner = \"Rina\"\n"
        f"{plan}: 1 error\n"
    )


def test_missing_file_exits_2() -> None:
    result = run("plans/nope.toml")
    assert result.exit_code == 2
    assert result.output.startswith("plans/nope.toml: error load missing-file (Berkas rencana / Plan file)\n")


def test_any_unreadable_file_makes_exit_2(tmp_path: Path) -> None:
    assert run(KOPI, R3).exit_code == 1
    assert run(R3, "plans/nope.toml", KOPI).exit_code == 2
    assert run(KOPI, KOPI).exit_code == 0


def test_no_colour_when_not_a_terminal() -> None:
    assert "\x1b[" not in run(R3).output


def test_a_plan_argument_is_required() -> None:
    result = run()
    assert result.exit_code == 2 and "Missing argument" in result.output


# -- JSON -------------------------------------------------------------------------------


def test_json_single_file_is_one_object() -> None:
    result = run("--format", "json", KOPI)
    assert result.exit_code == 0
    assert json.loads(result.output) == {"plan": KOPI, "ok": True, "findings": []}


def test_json_findings_follow_the_contract() -> None:
    result = run("--format", "json", R3)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert list(report) == ["plan", "ok", "findings"] and report["ok"] is False
    assert report["findings"] and all(list(f) == FINDING_KEYS for f in report["findings"])
    r3 = [f for f in report["findings"] if f["rule"] == "R3"]
    assert r3 and all(f["slug"] == "too-much-selling" and f["file"] == R3 for f in r3)
    assert all(isinstance(f["line"], int) and f["line"] > 0 for f in r3)
    assert all(f["severity"] in ("error", "warning") and f["message"] and f["hint"] for f in r3)


def test_json_several_files_is_an_array_in_order(tmp_path: Path) -> None:
    bad = write(tmp_path, "[plan]\ngoal = 'g'\nstart = 2026-12-01\nend = 2026-12-31\nstart = 2026-12-02\n")
    result = run("--format", "json", KOPI, R3, bad, "plans/nope.toml")
    assert result.exit_code == 2
    reports = json.loads(result.output)
    assert [r["plan"] for r in reports] == [KOPI, R3, bad, "plans/nope.toml"]
    assert [r["ok"] for r in reports] == [True, False, False, False]
    syntax = reports[2]["findings"]
    assert [(f["rule"], f["slug"], f["line"]) for f in syntax] == [("load", "syntax", 5)]
    assert reports[3]["findings"][0] | {"message": "", "hint": ""} == {
        "rule": "load", "slug": "missing-file", "severity": "error", "message": "", "hint": "",
        "file": "plans/nope.toml", "line": None, "days": [],
    }


def test_json_reports_all_load_problems_at_once(tmp_path: Path) -> None:
    text = (ROOT / KOPI).read_text(encoding="utf-8")
    text = text.replace('check_every = "30m"', 'check_every = "half an hour"')
    plan = write(tmp_path, text.replace("min_per_day = 1 ", 'min_per_day = "1"'))
    result = run("--format", "json", plan)
    assert result.exit_code == 2
    findings = json.loads(result.output)["findings"]
    assert [(f["slug"], f["line"]) for f in findings] == [("wrong-type", 31), ("bad-duration", 49)]


# -- GitHub annotations -------------------------------------------------------------------


def test_github_format(tmp_path: Path) -> None:
    plan = kopi_with(tmp_path, 'owner = "Rina"', 'ownr = "Rina"')
    result = run("--format", "github", plan)
    assert result.exit_code == 2
    assert result.output == (
        f"::error file={plan},line=48,title=load unknown-key::unknown key 'ownr' in [engagement] "
        "(fix: did you mean 'owner'? Write the line as: owner = \"Rina\")\n"
    )


def test_github_format_rule_findings_and_warnings(tmp_path: Path) -> None:
    lines = run("--format", "github", R3).output.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert any(f"::error file={R3},line=" in line and ",title=R3 too-much-selling::" in line for line in lines)
    warn = kopi_with(tmp_path, "by = 2026-12-31", "by = 2027-01-31", 1)
    assert run("--format", "github", warn).output.startswith(f"::warning file={warn},line=53,title=R2 no-target::")
    assert run("--format", "github", KOPI).output == ""


def test_github_escaping() -> None:
    finding = Finding("R3", "too-much-selling", "error", "50% of posts\nsell", "a: b, c", "dir,x/p:1.toml", None)
    assert github_line(finding) == (
        "::error file=dir%2Cx/p%3A1.toml,title=R3 too-much-selling::50%25 of posts%0Asell (fix: a: b, c)"
    )


# -- the real command -----------------------------------------------------------------------


def test_exit_codes_through_the_real_entry_point() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    codes = [
        subprocess.run([sys.executable, "-m", "scheduler", "validate", plan], cwd=ROOT, env=env,
                       capture_output=True, text=True, check=False).returncode
        for plan in (KOPI, R3, "plans/nope.toml")
    ]
    assert codes == [0, 1, 2]


def test_help_and_validate_import_no_heavy_module() -> None:
    """`jadwal --help` stays fast because nothing heavy is imported for it (timed in
    scripts/bench_validate.py, not here: a busy machine would make a timed assertion flaky)."""
    code = (
        "import sys, scheduler.cli, scheduler.cli.validate;"
        "heavy = [m for m in ('scheduler.plan.loader', 'scheduler.rules.registry', 'tomllib', 'playwright')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

