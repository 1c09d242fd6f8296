"""`jadwal inbox` / `jadwal reply` as a user runs them: output, JSON, and errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from scheduler.runtime.journal import Journal
from scheduler.plan import load_plan
from scheduler.platforms.base import Comment, PublishedRef
from daemon_helpers import JADWAL, plan_toml

UTC = timezone.utc


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    now = datetime.now(UTC).replace(microsecond=0)
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml([now - timedelta(hours=6), now - timedelta(hours=5)], url="http://127.0.0.1:9",
                              session=tmp_path / "s.json"), encoding="utf-8")
    state = tmp_path / "state.db"
    loaded = load_plan(plan)
    with Journal(state) as journal:
        journal.sync(loaded, now)
        journal.claim("p000", now)
        journal.published("p000", PublishedRef("7", "http://127.0.0.1:9/p/7", now - timedelta(hours=6)), now)
        journal.comments.record(journal.get("p000"), "kopisenja", [
            Comment("70", "fan", "Kak, ada yang decaf?", None, now - timedelta(hours=5), "7"),
            Comment("71", "fan2", "Harganya berapa?", None, now - timedelta(minutes=20), "7"),
            Comment("72", "kopisenja", "Ada, kak!", "70", now - timedelta(hours=2), "7"),
            Comment("73", "fan", "Makasih!", "72", now - timedelta(hours=1), "7"),
        ], now)
    return plan, state


def test_inbox_lists_the_waiting_with_age_against_the_level(files: tuple[Path, Path]) -> None:
    plan, state = files
    out = run("inbox", str(plan), "--state", str(state), "--stats", "1")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "2 comments waiting for an answer (reply within 4h; owner Rina)" in text
    # named by their numbers in the journal (1..4 in the order read), not the site's 70..73
    assert text.index("4  fan  on p000 (ig)  1h ago") < text.index("2  fan2  on p000 (ig)  20m ago")
    assert "Kak, ada yang decaf?" not in text  # answered by the account
    assert "OVERDUE" not in text
    assert "ig: 1/3 (33%), median 3h, 1 within the level" in text
    data = json.loads(run("inbox", str(plan), "--state", str(state), "--format", "json").stdout)
    assert [(c["id"], c["site_id"], c["overdue"], c["post_url"]) for c in data["comments"]] == [
        (4, "73", False, "http://127.0.0.1:9/p/7"), (2, "71", False, "http://127.0.0.1:9/p/7")]
    assert data["reply_within_seconds"] == 4 * 3600


def test_reply_errors_are_messages_not_tracebacks(files: tuple[Path, Path], tmp_path: Path) -> None:
    plan, state = files
    unknown = run("reply", str(plan), "--state", str(state), "--comment", "999", "Halo")
    assert unknown.returncode == 1 and "error: no comment '999' in the journal" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    own = run("reply", str(plan), "--state", str(state), "--comment", "3", "Halo")
    assert own.returncode == 1 and "was written by the account itself" in own.stderr
    missing = run("inbox", str(plan), "--state", str(tmp_path / "nope.db"))
    assert missing.returncode == 1 and "no state database at" in missing.stderr
