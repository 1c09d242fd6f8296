"""A TikTok account through jadwal's commands, against the TikTok replica (real CLI, real Chromium):
`jadwal login --password-env`, `jadwal selftest` passing in both UI languages and posting nothing, a moved
step caught by a later fallback, a broken step failing selftest there and a user pack repairing it (for
selftest and for `jadwal publish`), and `jadwal daemon` publishing a small plan exactly once, paced."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from daemon_helpers import DaemonProcess, status_json, wait_until, zone_near_noon
from plan_sections import engagement_and_target
from test_publish_e2e import PASSWORD_VAR, jadwal

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e
UTC = timezone.utc

STEPS = ["compose.open", "compose.media", "compose.text", "compose.submit", "profile.latest", "post.open",
         "post.comments", "profile.followers"]

PLAN = """\
[plan]
name = "kopi senja di TikTok"
goal = "Sell more iced coffee through TikTok"
timezone = "{zone}"
start = {start}
end = {end}
{packs}
[[account]]
id = "tt"
platform = "tiktok"
url = "{url}"
handle = "kopisenja"
session = "sessions/tt.json"

[types.question]
interactive = true

[cadence]
min_gap = "1s"

""" + engagement_and_target("{end}")

POST = """
[[post]]
id = "{id}"
account = "tt"
at = {at}
type = "question"
text = "{text}"
media = ["promo.mp4"]
"""


def api_posts(sandbox: SandboxServer) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{sandbox.url}/replica/tiktok/_api/posts", timeout=10) as reply:
        return json.load(reply)


def write_plan(folder: Path, sandbox: SandboxServer, mp4: bytes, posts: list[tuple[str, datetime, str]],
               packs: bool = False, zone: str = "UTC") -> Path:
    """A plan in time zone `zone` from the first to the last day of `posts` there."""
    folder.mkdir(exist_ok=True)
    (folder / "promo.mp4").write_bytes(mp4)
    days = sorted({at.astimezone(ZoneInfo(zone)).date() for _id, at, _text in posts})
    text = PLAN.format(start=days[0], end=days[-1], zone=zone, url=f"{sandbox.url}/replica/tiktok",
                       packs='packs = "packs"\n' if packs else "")
    for post_id, at, body in posts:
        text += POST.format(id=post_id, at=at.strftime("%Y-%m-%dT%H:%M:%SZ"), text=body)
    path = folder / "plan.toml"
    path.write_text(text)
    return path


def login(plan: Path) -> None:
    result = jadwal("login", str(plan), "--account", "tt", "--password-env", PASSWORD_VAR, cwd=plan.parent,
                    password="kopisenja")
    assert result.returncode == 0, result.stderr


def selftest(plan: Path, *extra: str) -> tuple[int, dict[str, Any], Path]:
    out = plan.parent / "selftest-out"
    result = jadwal("selftest", str(plan), "--account", "tt", "--post", "menu", "--out", str(out),
                    "--format", "json", *extra, cwd=plan.parent)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout), out


def a_video_with_a_comment(sandbox: SandboxServer, mp4: bytes) -> str:
    """The account's latest video, for selftest's comment steps."""
    control = sandbox.replica("tiktok")
    code = control.seed_post("kopisenja", "Kemarin: es kopi susu", [("kemarin.mp4", mp4)], kind="video")
    control.seed_comment(code, "fan", "Enak!")
    return code


def one_post(tmp_path: Path, sandbox: SandboxServer, mp4: bytes, packs: bool = False) -> Path:
    at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    return write_plan(tmp_path / "plan", sandbox, mp4, [("menu", at, "Menu baru! Mau coba yang mana? #kopisenja")],
                      packs=packs)


@pytest.mark.parametrize("ui", ["en", "id"])
def test_selftest_walks_every_step_and_posts_nothing(
        sandbox: SandboxServer, mp4: bytes, tmp_path: Path, ui: str) -> None:
    plan = one_post(tmp_path, sandbox, mp4)
    sandbox.replica("tiktok").set_user("kopisenja", language=ui)
    login(plan)
    a_video_with_a_comment(sandbox, mp4)
    code, report, out = selftest(plan)
    assert code == 0, report
    assert report["pack"] == "tiktok pack 1.0.0 (built in)"
    assert [s["name"] for s in report["steps"]] == STEPS
    by_name = {s["name"]: s for s in report["steps"]}
    text = by_name["compose.text"]["matches"]
    assert [(m["key"], m["fallback"], m["language"]) for m in text] == [("compose.text", 1, ui)]
    assert [(m["key"], m["fallback"]) for m in by_name["compose.submit"]["matches"]] == [("compose.submit", 1)]
    assert all(Path(s["screenshot"]).is_file() and Path(s["screenshot"]).parent == out for s in report["steps"])
    assert len(api_posts(sandbox)) == 1  # only the seeded video: the rehearsal posted nothing


def test_a_moved_post_button_is_caught_by_a_later_fallback(
        sandbox: SandboxServer, mp4: bytes, tmp_path: Path) -> None:
    plan = one_post(tmp_path, sandbox, mp4)
    login(plan)
    a_video_with_a_comment(sandbox, mp4)
    sandbox.set_faults(markup_variant="renamed")  # Post lost its data-e2e; its name still says Post
    result = jadwal("selftest", str(plan), "--account", "tt", "--post", "menu", "--out", str(tmp_path / "out"),
                    cwd=plan.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if "find the Post button (not clicked)" in line)
    assert 'compose.submit: role button "Post" [en] (2/2)' in row
    assert result.stdout.splitlines()[-2] == "every step worked"


def test_a_broken_step_fails_selftest_there_and_a_user_pack_repairs_it(
        sandbox: SandboxServer, mp4: bytes, tmp_path: Path) -> None:
    plan = one_post(tmp_path, sandbox, mp4)
    login(plan)
    a_video_with_a_comment(sandbox, mp4)
    sandbox.set_faults(markup_variant="broken")  # Post renamed "Publish", its data-e2e changed too
    code, report, out = selftest(plan)
    assert code == 1
    assert [(s["name"], s["status"]) for s in report["steps"]] == [
        ("compose.open", "ok"), ("compose.media", "ok"), ("compose.text", "ok"), ("compose.submit", "failed")]
    failed = report["steps"][3]
    assert failed["screenshot"] == str(out / "04-compose.submit-FAILED.png") and Path(failed["screenshot"]).is_file()
    assert report["error"].startswith("compose.submit: nothing on the page matches any of the 2 ways")
    assert "--account tt" in report["hint"]

    packs = plan.parent / "packs"
    packs.mkdir()
    (packs / "tiktok.toml").write_text(
        'platform = "tiktok"\nversion = "1.0.0-kopi1"\n\n[locators]\n'
        '"compose.submit" = [{ attribute = { name = "data-e2e", value = "publish_video_button" } }]\n')
    plan = one_post(tmp_path, sandbox, mp4, packs=True)
    code, report, _out = selftest(plan)
    assert code == 0, report
    assert report["pack"] == f"tiktok pack 1.0.0-kopi1 (built in + {packs / 'tiktok.toml'})"
    result = jadwal("publish", str(plan), "--post", "menu", cwd=plan.parent)
    assert result.returncode == 0, result.stderr
    assert [p["text"] for p in api_posts(sandbox)] == ["Kemarin: es kopi susu", "Menu baru! Mau coba yang mana? #kopisenja"]


def test_the_daemon_publishes_a_plan_exactly_once_at_the_packs_pace(
        sandbox: SandboxServer, mp4: bytes, tmp_path: Path) -> None:
    """Three videos due a second apart; the pack's pace (a user pack shortens TikTok's 2 h to 10 s for the
    test; one video takes about 4 s) keeps their starts 10 s apart, each goes out once, and `jadwal status`
    names each one's video."""
    folder = tmp_path / "plan"
    (folder / "packs").mkdir(parents=True)
    (folder / "packs" / "tiktok.toml").write_text(
        'platform = "tiktok"\nversion = "1.0.0-test"\n\n[pacing]\npublish = { min_gap = "10s" }\n'
        'comments = { min_gap = "0s" }\n')
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=15)
    texts = [f"Video {i}: kopi susu gula aren #kopisenja" for i in range(3)]
    plan = write_plan(folder, sandbox, mp4, [(f"v{i}", due + timedelta(seconds=i), t) for i, t in enumerate(texts)],
                      packs=True, zone=zone_near_noon(due))  # one day of the plan at any hour
    login(plan)
    state = tmp_path / "state" / "state.db"
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log", "--pace", "1s")
    try:
        daemon.wait_log("daemon running", timeout=60)
        posts = wait_until(lambda: len(api_posts(sandbox)) >= 3 and api_posts(sandbox), 180, "three videos",
                           log=daemon.text)
        assert sorted(p["text"] for p in posts) == sorted(texts)  # each exactly once
        late = {m.group(1): float(m.group(2)) for m in re.finditer(
            r"publishing (v\d) to tt \(attempt 1, ([\d.]+)s after its time\)", daemon.text())}
        starts = sorted(due + timedelta(seconds=int(post_id[1]) + after) for post_id, after in late.items())
        assert len(starts) == 3, daemon.text()[-3000:]
        assert all((b - a).total_seconds() >= 9.5 for a, b in zip(starts, starts[1:], strict=False)), starts
        assert daemon.stop() == 0, daemon.text()[-3000:]
    finally:
        if daemon.proc.poll() is None:
            daemon.kill()
    assert len(api_posts(sandbox)) == 3
    status = status_json(plan, state)
    assert status["counts"]["published"] == 3
    assert {p["url"] for p in status["posts"]} == {p["permalink"] for p in api_posts(sandbox)}
