"""One `jadwal daemon` on one machine publishes a plan mixing a Facebook Page, an Instagram account, a
TikTok account (all three replicas) and the sandbox: every post exactly once, each platform's own pacing held between the posts of
its account (a user pack shortens each platform's gap to seconds, each a different one, so a test can
wait for it)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from daemon_helpers import DaemonProcess, created, site_posts, stamp, status_json, wait_until, zone_near_noon
from images import png_bytes
from plan_sections import engagement_and_target, fast_pacing
from test_publish_e2e import jadwal
from videos import record_mp4

from scheduler.sandbox.server import SandboxServer

pytestmark = pytest.mark.e2e
UTC = timezone.utc
#: the least time between two posts of one account, per platform, in this test's user packs
GAPS = {"facebook": 8, "instagram": 5, "tiktok": 6}

PLAN = """\
[plan]
name = "tiga platform"
goal = "Grow orders through the Page, Instagram and the shop's own site"
timezone = "{zone}"
start = {day}
end = {day}
packs = "packs"

[[account]]
id = "fb"
platform = "facebook"
url = "{url}/replica/facebook"
handle = "Kopisenja Page"
page_id = "{page_id}"
session = "sessions/fb.json"

[[account]]
id = "ig"
platform = "instagram"
url = "{url}/replica/instagram/"
handle = "kopisenja"
session = "sessions/ig.json"

[[account]]
id = "tt"
platform = "tiktok"
url = "{url}/replica/tiktok"
handle = "kopisenja"
session = "sessions/tt.json"

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

""" + engagement_and_target("{day}", check_every="30m") + """
[[post]]
id = "fb-1"
account = "fb"
at = {at[0]}
type = "question"
text = "Kopi apa favoritmu pagi ini?"
media = ["kopi.png"]

[[post]]
id = "ig-1"
account = "ig"
at = {at[0]}
type = "question"
text = "Foto kopi pagi ini"
media = ["kopi.png"]

[[post]]
id = "fb-2"
account = "fb"
at = {at[1]}
type = "tips"
text = "Tips: simpan biji kopi di wadah kedap udara"

[[post]]
id = "ig-2"
account = "ig"
at = {at[1]}
type = "tips"
text = "Biji kopi kami"
media = ["kopi.png"]

[[post]]
id = "tt-1"
account = "tt"
at = {at[0]}
type = "question"
text = "Es kopi susu atau kopi hitam? #kopisenja"
media = ["kopi.mp4"]

[[post]]
id = "tt-2"
account = "tt"
at = {at[1]}
type = "tips"
text = "Cara kami menyeduh kopi susu"
media = ["kopi.mp4"]

[[post]]
id = "sb-1"
account = "sb"
at = {at[1]}
type = "question"
text = "Sudah coba roti bakar kami?"
"""


def test_one_daemon_publishes_four_platforms_once_each_at_its_own_pace(
        sandbox: SandboxServer, browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    (folder / "packs").mkdir(parents=True)
    for platform in GAPS:
        (folder / "packs" / f"{platform}.toml").write_text(fast_pacing(platform, f"{GAPS[platform]}s"))
    (folder / "kopi.png").write_bytes(png_bytes(48, 60, (111, 78, 55)))
    (folder / "kopi.mp4").write_bytes(record_mp4(browser))
    page_id = sandbox.replica("facebook").page("kopisenja")["id"]  # type: ignore[attr-defined]

    zone = zone_near_noon(datetime.now(UTC))  # the plan's one day holds every post at any hour

    def write(times: list[datetime]) -> Path:
        path = folder / "plan.toml"
        path.write_text(PLAN.format(day=times[0].astimezone(ZoneInfo(zone)).date().isoformat(), zone=zone,
                                    url=sandbox.url, page_id=page_id, at=[stamp(t) for t in times]))
        return path

    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    plan = write([later, later + timedelta(minutes=1)])
    for account, user in (("fb", "kopisenja"), ("ig", "kopisenja"), ("tt", "kopisenja"), ("sb", "kopisenja")):
        result = jadwal("login", str(plan), "--account", account, "--username", user, "--password-env",
                        "JADWAL_TEST_PASSWORD", cwd=folder, password="kopisenja")
        assert result.returncode == 0, result.stderr
    check = jadwal("validate", str(plan), cwd=folder)
    assert check.returncode == 0, check.stdout + check.stderr

    now = datetime.now(UTC).replace(microsecond=0)
    write([now + timedelta(seconds=8), now + timedelta(seconds=9)])  # each account's two posts a second apart
    state = tmp_path / "state" / "state.db"
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
    try:
        daemon.wait_log("daemon running")
        wait_until(lambda: status_json(plan, state)["counts"].get("published") == 7, 240,
                   "seven published posts", log=daemon.text)
    finally:
        assert daemon.stop() == 0
    facebook = site_posts(f"{sandbox.url}/replica/facebook/_api/posts")
    instagram = site_posts(f"{sandbox.url}/replica/instagram/_api/posts")
    tiktok = site_posts(f"{sandbox.url}/replica/tiktok/_api/posts")
    own = site_posts(f"{sandbox.url}/api/posts")
    assert sorted(p["text"] for p in facebook) == ["Kopi apa favoritmu pagi ini?",
                                                    "Tips: simpan biji kopi di wadah kedap udara"]
    assert {(p["author"], p["extra"]["as"]) for p in facebook} == {("kopisenja.page", "page")}
    assert sorted(p["text"] for p in instagram) == ["Biji kopi kami", "Foto kopi pagi ini"]
    assert sorted(p["text"] for p in tiktok) == ["Cara kami menyeduh kopi susu",
                                                  "Es kopi susu atau kopi hitam? #kopisenja"]
    assert {(p["author"], p["kind"]) for p in tiktok} == {("kopisenja", "video")}
    assert [p["text"] for p in own] == ["Sudah coba roti bakar kami?"]
    log = daemon.text()
    for platform, prefix, made in (("facebook", "fb", facebook), ("instagram", "ig", instagram),
                                   ("tiktok", "tt", tiktok)):
        # the pace runs from the start of one publish to the start of the next; the log has the first's
        # start (to the second, rounded down) and the site the second's creation, which comes after its start
        started = re.search(rf"^(\S+ \S+) (\S+) INFO +publishing {prefix}-1 ", log, re.M)
        assert started is not None, log
        first_start = datetime.fromisoformat(started.group(1) + started.group(2))  # the log's own offset
        second = max(created(p) for p in made)
        assert (second - first_start).total_seconds() >= GAPS[platform], (platform, first_start, second)
