"""The daemon's commands as a user meets them: dry-run timeline, status, retry, start-up errors."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import JADWAL, plan_toml, status_journal

UTC = timezone.utc
DAY = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)


def jadwal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    times = [DAY + timedelta(hours=h) for h in (0, 3, 6)] + [DAY + timedelta(days=1, hours=h) for h in (1, 5)]
    path = tmp_path / "plan.toml"
    path.write_text(plan_toml(times, url="http://127.0.0.1:9", session=tmp_path / "s.json"))
    return path


@pytest.fixture
def bad_plan(tmp_path: Path) -> Path:
    times = [DAY + timedelta(hours=h) for h in (0, 1, 2)]
    path = tmp_path / "bad.toml"
    path.write_text(plan_toml(times, url="http://127.0.0.1:9", session=tmp_path / "s.json", max_per_day=1))
    return path


def test_dry_run_shows_the_timeline_by_day_and_account(plan: Path) -> None:
    out = jadwal("run", str(plan), "--dry-run")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("daemon test (UTC): 5 posts, 2030-03-04 .. 2030-03-05")
    assert "rule checks: 0 errors, 0 warnings" in lines[1]
    day1, day2 = lines.index("Mon 2030-03-04"), lines.index("Tue 2030-03-05")
    assert [ln.split()[0] for ln in lines[day1 + 1:day1 + 4]] == ["08:00", "11:00", "14:00"]
    assert "ig  p000  question ? Post 000: kopi susu gula aren hari ini" in lines[day1 + 1]
    assert lines[day2 + 1].split()[0] == "09:00"
    assert lines[-1].startswith("would publish ig: 5")


def test_dry_run_range_and_json(plan: Path) -> None:
    out = jadwal("run", str(plan), "--dry-run", "--from", "2030-03-05", "--to", "2030-03-05", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["ok"] is True and data["from"] == "2030-03-05"
    assert [d["date"] for d in data["days"]] == ["2030-03-05"]
    assert [p["time"] for p in data["days"][0]["posts"]] == ["09:00", "13:00"]
    assert data["totals"] == {"ig": 2}


def test_run_without_dry_run_and_bad_dates_are_usage_errors(plan: Path) -> None:
    out = jadwal("run", str(plan))
    assert out.returncode == 2 and "add --dry-run" in out.stderr
    out = jadwal("run", str(plan), "--dry-run", "--from", "4 March")
    assert out.returncode == 2 and "write YYYY-MM-DD" in out.stderr


def test_dry_run_and_daemon_report_rule_errors(bad_plan: Path, tmp_path: Path) -> None:
    out = jadwal("run", str(bad_plan), "--dry-run")
    assert out.returncode == 1
    assert "rule checks: 1 error," in out.stdout and "error R1 no-plan" in out.stdout
    out = jadwal("daemon", str(bad_plan), "--state", str(tmp_path / "state.db"))
    assert out.returncode == 1
    assert "error R1 no-plan" in out.stderr and "the daemon will not run it" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "state.db").exists()  # refused before touching anything


def test_unwritable_state_is_a_start_up_error(plan: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    out = jadwal("daemon", str(plan), "--state", str(blocker / "state.db"))
    assert out.returncode == 1
    assert "cannot write the state database" in out.stderr and "fix:" in out.stderr


def test_status_and_retry_need_an_existing_state(plan: Path, tmp_path: Path) -> None:
    out = jadwal("status", str(plan), "--state", str(tmp_path / "none.db"))
    assert out.returncode == 1 and "no state database at" in out.stderr
    assert not (tmp_path / "none.db").exists()


def test_status_tells_the_truth_and_retry_requeues(plan: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    status_journal(plan, state, DAY + timedelta(hours=4))
    out = jadwal("status", str(plan), "--state", str(state))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.splitlines()[0] == "daemon test: 3 pending, 1 published, 1 failed"
    assert "next: p002 (ig) at 2030-03-04 14:00:00 UTC" in text
    assert "p000  ig  http://127.0.0.1:9/p/7" in text
    due = text.split("due next:\n")[1].split("\n\n")[0].splitlines()
    assert [ln.split()[2] for ln in due] == ["p002", "p003", "p004"]
    assert "p001  ig  no Post button (PageChanged)" in text and "saved: /f/p001/screenshot.png" in text
    assert "recent alerts:" in text

    out = jadwal("retry", str(plan), "--state", str(state), "p000")
    assert out.returncode == 1 and "is published" in out.stderr
    out = jadwal("retry", str(plan), "--state", str(state), "nope")
    assert out.returncode == 1 and "no post with id 'nope'" in out.stderr
    out = jadwal("retry", str(plan), "--state", str(state), "p001")
    assert out.returncode == 0 and "re-queued p001 (was failed)" in out.stdout
    data = json.loads(jadwal("status", str(plan), "--state", str(state), "--format", "json").stdout)
    assert {p["id"]: p["state"] for p in data["posts"]}["p001"] == "pending"
    assert {p["id"]: p["text"] for p in data["posts"]}["p001"] == "Post 001: kopi susu gula aren hari ini"
    assert data["counts"]["failed"] == 0


def test_systemd_unit(plan: Path) -> None:
    out = jadwal("systemd-unit", str(plan), "--state", "/var/lib/jadwal/state.db")
    assert out.returncode == 0, out.stderr
    unit = out.stdout
    for line in ("Type=notify", "WatchdogSec=300", "Restart=on-failure", "User=jadwal", "KillMode=mixed",
                 "ReadWritePaths=/var/lib/jadwal", "NoNewPrivileges=yes", "StateDirectory=jadwal"):
        assert line in unit.splitlines(), line
    assert f"daemon {plan.absolute()} --state /var/lib/jadwal/state.db" in unit
    assert "ExecStart=/" in unit
