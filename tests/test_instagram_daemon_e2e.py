"""The real `jadwal daemon` publishes a plan for an Instagram account (the replica) and a sandbox account
on one machine, each post exactly once, a Share whose answer was lost included (looked up on the
profile, never shared again); then `jadwal inbox --check` reads the fans' comments and `jadwal reply`
answers one in its thread."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from daemon_helpers import JADWAL, DaemonProcess, site_posts, stamp, status_json, wait_until, zone_near_noon
from images import png_bytes
from plan_sections import engagement_and_target, fast_pacing
from test_publish_e2e import jadwal

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e
UTC = timezone.utc

#: the plan's head: an Instagram account and a sandbox one (`{name}` filled in before the rest is formatted)
TWO_ACCOUNTS = """\
[plan]
name = "{name}"
goal = "Grow orders through Instagram and the shop's own site"
timezone = "{zone}"
start = {day}
end = {day}
packs = "packs"

[[account]]
id = "ig"
platform = "instagram"
url = "{url}/replica/instagram/"
handle = "kopisenja"
session = "sessions/ig.json"

[[account]]
id = "sb"
platform = "sandbox"
url = "{url}"
handle = "kopisenja"
session = "sessions/sb.json"

[types.tips]
[types.question]
interactive = true

[cadence]
min_per_day = 1
min_gap = "1s"

"""
PLAN = TWO_ACCOUNTS.replace("{name}", "dua akun") + engagement_and_target("{day}", check_every="30m") + """
[[post]]
id = "ig-1"
account = "ig"
at = {at[0]}
type = "question"
text = "Kopi apa favoritmu pagi ini?"
media = [{{ path = "kopi.png", alt = "Secangkir kopi susu" }}]

[[post]]
id = "sb-1"
account = "sb"
at = {at[1]}
type = "question"
text = "Sudah coba roti bakar kami?"

[[post]]
id = "ig-2"
account = "ig"
at = {at[2]}
type = "tips"
text = "Tips: simpan biji kopi di wadah kedap udara"
media = ["biji.png", "wadah.png"]
"""

#: a user pack: the built-in pacing keeps an Instagram account's posts an hour apart; a test cannot wait
FAST = fast_pacing("instagram")


def write_plan(folder: Path, url: str, times: list[datetime], zone: str) -> Path:
    """The plan in time zone `zone`, its one day the day of `times` there."""
    path = folder / "plan.toml"
    day = times[0].astimezone(ZoneInfo(zone)).date().isoformat()
    path.write_text(PLAN.format(day=day, zone=zone, url=url, at=[stamp(t) for t in times]))
    return path


def replica_posts(url: str) -> list[dict[str, Any]]:
    return site_posts(f"{url}/replica/instagram/_api/posts")


def test_the_daemon_publishes_both_platforms_once_then_a_comment_is_answered(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    (folder / "packs").mkdir(parents=True)
    (folder / "packs" / "instagram.toml").write_text(FAST)
    for name, rgb in (("kopi.png", (111, 78, 55)), ("biji.png", (60, 40, 20)), ("wadah.png", (200, 200, 200))):
        (folder / name).write_bytes(png_bytes(48, 60, rgb))
    zone = zone_near_noon(datetime.now(UTC))  # the plan's one day holds every post at any hour
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    plan = write_plan(folder, sandbox.url, [later, later + timedelta(minutes=1), later + timedelta(minutes=2)], zone)
    for account in ("ig", "sb"):
        result = jadwal("login", str(plan), "--account", account, "--password-env", "JADWAL_TEST_PASSWORD",
                        cwd=folder, password="kopisenja")
        assert result.returncode == 0, result.stderr
    check = jadwal("validate", str(plan), cwd=folder)
    assert check.returncode == 0, check.stdout + check.stderr

    now = datetime.now(UTC).replace(microsecond=0)
    write_plan(folder, sandbox.url, [now + timedelta(seconds=s) for s in (6, 9, 12)], zone)
    sandbox.set_faults(crash_after_post={"mode": "500", "times": 1})  # ig-1 is saved, then its answer is lost
    state = tmp_path / "state" / "state.db"
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
    try:
        daemon.wait_log("daemon running")
        wait_until(lambda: status_json(plan, state)["counts"].get("published") == 3, 120,
                   "three published posts", log=daemon.text)
        assert "outcome unknown" in daemon.text() and "was published after all" in daemon.text()
    finally:
        assert daemon.stop() == 0
    ig_posts = replica_posts(sandbox.url)
    assert [(p["text"], p["kind"], [m["alt"] for m in p["media"]]) for p in ig_posts] == [
        ("Kopi apa favoritmu pagi ini?", "photo", ["Secangkir kopi susu"]),
        ("Tips: simpan biji kopi di wadah kedap udara", "carousel", ["", ""]),
    ]
    assert [p["text"] for p in site_posts(f"{sandbox.url}/api/posts")] == ["Sudah coba roti bakar kami?"]
    by_id = {p["id"]: p for p in status_json(plan, state)["posts"]}
    assert by_id["ig-1"]["url"] == f"{sandbox.url}/replica/instagram/p/{ig_posts[0]['code']}/"
    assert by_id["ig-2"]["remote_id"] == ig_posts[1]["code"]

    control = sandbox.replica("instagram")
    asked = control.seed_comment(ig_posts[0]["code"], "fan", "Kopi susu gula aren dong!")
    inbox = subprocess.run([*JADWAL, "inbox", str(plan), "--state", str(state), "--check", "--format", "json"],
                           capture_output=True, text=True, timeout=180, check=True)
    waiting = [c for c in json.loads(inbox.stdout)["comments"] if c["account"] == "ig"]
    assert [(c["author"], c["text"], c["post_id"]) for c in waiting] == [("fan", "Kopi susu gula aren dong!", "ig-1")]
    answered = subprocess.run([*JADWAL, "reply", str(plan), "--state", str(state), "--comment", str(waiting[0]["id"]),
                               "Siap, kak! Ditunggu ya"], capture_output=True, text=True, timeout=180)
    assert answered.returncode == 0, answered.stderr
    [reply] = [c for c in replica_posts(sandbox.url)[0]["comments"] if c["author"] == "kopisenja"]
    assert (reply["text"], reply["parent_id"]) == ("@fan Siap, kak! Ditunggu ya", asked)
    after = subprocess.run([*JADWAL, "inbox", str(plan), "--state", str(state), "--format", "json"],
                           capture_output=True, text=True, timeout=60, check=True)
    assert [c for c in json.loads(after.stdout)["comments"] if c["account"] == "ig"] == []
