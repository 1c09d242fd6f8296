"""Issue 17, getting started: `jadwal init` writes a plan that validates as written, a misspelt command
gets the nearest one, `--help` lists the commands in the order of the work, log lines carry their time
zone, and the dry run lists a day's posts in the order they go out."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from loguru import logger

from scheduler.cli import cli
from scheduler.i18n import set_language
from scheduler.logs import configure
from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan
from scheduler.timeline import as_json, build, render_human
from scheduler.validation import validate_path


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    set_language("en")
    return result.exit_code, result.output


@pytest.mark.parametrize("preset", ["80-20", "rule-of-thirds", "5-3-2", "4-1-1"])
@pytest.mark.parametrize("days", [7, 10, 28, 31])
def test_init_writes_a_plan_that_validates_as_written(tmp_path: Path, preset: str, days: int) -> None:
    path = tmp_path / "plans" / "toko.toml"
    code, out = invoke("init", str(path), "--account", "ig", "--account", "id=fb,handle=tokokita", "--preset", preset,
                       "--start", "2026-12-01", "--days", str(days), "--goal", "Jual kain lewat Instagram")
    assert code == 0, out
    posts = days * 2 * 2
    assert out.splitlines()[-2:] == [
        f"wrote {path}: 2026-12-01 to {date(2026, 12, 1).fromordinal(date(2026, 12, 1).toordinal() + days - 1)} "
        f"in Asia/Jakarta, preset {preset}, {posts} draft posts for ig, fb",
        f"next: write the posts' texts, then check it with: jadwal validate {path}"]
    report = validate_path(path)
    assert report.ok and report.findings == [], [f.message for f in report.findings]
    plan = load_plan(path)
    assert plan.preset == preset and set(plan.accounts) == {"ig", "fb"} and len(plan.posts) == posts
    assert plan.accounts["fb"].handle == "tokokita" and plan.accounts["ig"].session == path.parent / "sessions/ig.json"


def test_init_never_overwrites_and_reads_zones_as_people_write_them(tmp_path: Path) -> None:
    path = tmp_path / "toko.toml"
    code, out = invoke("init", str(path), "--account", "ig", "--timezone", "WITA", "--start", "2026-12-01")
    assert code == 0 and "in Asia/Makassar" in out and 'timezone = "Asia/Makassar"' in path.read_text()
    before = path.read_text()
    code, out = invoke("init", str(path), "--account", "ig")
    assert code == 2 and "already exists; jadwal init never overwrites a plan" in out and path.read_text() == before
    code, out = invoke("init", str(tmp_path / "x.toml"), "--account", "id=ig,colour=red")
    assert code == 2 and "'colour=red' is not id=..., platform=..., url=... or handle=..." in out
    code, out = invoke("init", str(tmp_path / "y.toml"), "--account", "ig", "--timezone", "Mars")
    assert code == 2 and 'Mars is not a time zone; use e.g. "Asia/Jakarta" or WIB' in out


def test_init_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "toko.toml"
    code, out = invoke("--lang", "id", "init", str(path), "--account", "ig", "--start", "2026-12-01")
    assert code == 0 and "menulis" in out and "56 draf postingan untuk ig" in out
    assert "# Isi setiap postingan masih draf" in path.read_text(encoding="utf-8")
    assert validate_path(path).ok


def test_a_misspelt_command_gets_the_nearest() -> None:
    code, out = invoke("valdate", "plans/kopi-senja.toml")
    assert code == 2
    assert "no command 'valdate'; did you mean: jadwal validate plans/kopi-senja.toml" in out
    code, out = invoke("--lang", "id", "calender", "plans/kopi-senja.toml")
    assert code == 2 and "tidak ada perintah 'calender'; maksudnya: jadwal calendar plans/kopi-senja.toml" in out
    code, out = invoke("frobnicate")
    assert code == 2 and "did you mean" not in out and "the commands are: init, validate, calendar" in out


def test_help_lists_the_commands_in_the_order_of_the_work() -> None:
    code, out = invoke("--help")
    listed = re.findall(r"^  ([a-z-]+)  ", out.split("Commands:")[1], re.M)
    assert listed[:8] == ["init", "validate", "calendar", "run", "platforms", "login", "publish", "daemon"]
    assert listed.index("inbox") < listed.index("report") < listed.index("sandbox")


def test_log_lines_carry_their_offset() -> None:
    sink = io.StringIO()
    configure()
    try:
        logger.remove()
        from scheduler.logs import HUMAN_FORMAT

        logger.add(sink, format=HUMAN_FORMAT, colorize=False)
        logger.info("posted {}", "dec01")
    finally:
        logger.remove()
        logger.add(sys.stderr)
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d INFO    posted dec01$", sink.getvalue().strip())


def test_the_dry_run_lists_a_day_in_the_order_posts_go_out(tmp_path: Path) -> None:
    """fb sorts before ig by name, but ig's post goes out first: it comes first."""
    text = (Path(__file__).resolve().parents[1] / "plans" / "kopi-senja.toml").read_text(encoding="utf-8")
    text = text.replace('[[account]]\nid = "ig"', '[[account]]\nid = "fb"\nplatform = "sandbox"\n'
                        'url = "http://127.0.0.1:8700"\nhandle = "kopisenja2"\n\n[[account]]\nid = "ig"', 1)
    text = text.replace('id = "dec01-promo"\naccount = "ig"', 'id = "dec01-promo"\naccount = "fb"')
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    plan = load_plan(path)
    timeline = build(plan, check_plan(plan), first=date(2026, 12, 1), last=date(2026, 12, 1))
    day = [line.split()[:2] for line in render_human(timeline).splitlines() if re.match(r"  \d\d:\d\d", line)]
    assert day == [["08:00", "ig"], ["12:30", "fb"], ["19:00", "ig"]]
    posts = as_json(timeline)["days"][0]["posts"]  # type: ignore[index]
    assert [(p["time"], p["account"]) for p in posts] == [("08:00", "ig"), ("12:30", "fb"), ("19:00", "ig")]
