"""Past one machine (issue 16): three daemons as separate processes on one PostgreSQL journal, the
sandbox's "accepted, then crash" fault on, a random daemon SIGKILLed again and again (some mid-publish)
and started again. The site holds every post once, none is lost, and no account ever did two things
at once (the sandbox's overlap recorder)."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from daemon_helpers import JADWAL, DaemonProcess, SandboxProcess, wait_until, zone_near_noon

pytestmark = pytest.mark.e2e
UTC = timezone.utc
ACCOUNTS = [f"toko{i:02d}" for i in range(12)]
POSTS = 60
PASSWORD = "rahasia-sekali"  # in the journal's URL (tests/postgres_server.py): never in a log or an output


def plan_text(url: str, sessions: Path, start: datetime, zone: str) -> str:
    """12 accounts, 60 posts: post i at start + 1.5 s × i on account i mod 12 (18 s between two of one
    account); each account's first post is a question (R4's share of interactive posts). One day of
    time zone `zone`, the day of `start` there."""
    day = start.astimezone(ZoneInfo(zone)).date().isoformat()
    out = ["[plan]", 'name = "banyak toko"', 'goal = "Every post once, whichever daemon dies"', f'timezone = "{zone}"',
           f"start = {day}", f"end = {day}", "", "[types.tips]", "[types.question]", "interactive = true", "",
           "[mix]", "window_days = 7", "", "[cadence]", "min_per_day = 1", "max_per_day = 10", 'min_gap = "1s"',
           'max_gap = "36h"', "", "[engagement]", 'owner = "Rina"', 'check_every = "30m"', 'reply_within = "4h"', "",
           "[[target]]", 'metric = "followers"', "baseline = 100", "goal = 101", f"by = {day}", ""]
    for account in ACCOUNTS:
        out += ["[[account]]", f'id = "{account}"', 'platform = "sandbox"', f'url = "{url}"', f'handle = "{account}"',
                f'session = "{sessions / (account + ".json")}"', ""]
    for i in range(POSTS):
        account = ACCOUNTS[i % len(ACCOUNTS)]
        at = start + timedelta(seconds=1.5 * i)
        out += ["[[post]]", f'id = "{account}-p{i // len(ACCOUNTS)}"', f'account = "{account}"',
                f"at = {at.strftime('%Y-%m-%dT%H:%M:%S')}Z",
                f'type = "{"question" if i < len(ACCOUNTS) else "tips"}"', f'text = "{text(i)}"', ""]
    return "\n".join(out)


def text(i: int) -> str:
    return f"BANYAK {i:02d}: kopi susu gula aren dari {ACCOUNTS[i % len(ACCOUNTS)]}"


def site_posts(url: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/posts", timeout=10) as reply:
        return [p for p in json.load(reply) if p["text"].startswith("BANYAK ")]


def login(plan: Path, account: str) -> None:
    env = dict(os.environ, JADWAL_TEST_PW=f"{account}-sandi")
    out = subprocess.run([*JADWAL, "login", str(plan), "--account", account, "--password-env", "JADWAL_TEST_PW"],
                         env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr


@pytest.mark.slow
def test_three_daemons_sigkilled_again_and_again_publish_every_post_once_one_action_at_a_time(
        tmp_path: Path, pg_url) -> None:
    sandbox = SandboxProcess(tmp_path / "site", *[a for name in ACCOUNTS for a in ("--user", f"{name}:{name}-sandi")])
    try:
        plan = tmp_path / "plan.toml"
        zone = zone_near_noon(datetime.now(UTC))  # the plan's one day holds every post at any hour
        plan.write_text(plan_text(sandbox.url, tmp_path / "sessions", datetime.now(UTC) + timedelta(hours=2), zone))
        with ThreadPoolExecutor(4) as pool:  # one Chromium each: four at a time on two cores
            list(pool.map(lambda account: login(plan, account), ACCOUNTS))
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=25)
        plan.write_text(plan_text(sandbox.url, tmp_path / "sessions", start, zone))
        sandbox.admin("activity/reset")
        # accepted, then the site answers 500 or drops the connection: the daemon must look it up
        sandbox.admin("faults", {"crash_after_post": {"mode": "500", "times": 6}})
        env = dict(os.environ, JADWAL_STATE=pg_url.secret)  # the URL in the environment, not on a command line
        args = ("--retry-first", "2s", "--grace", "1h", "--slots", "1")  # three daemons, one browser each
        # without --failures, screenshots of the accepted-then-500 posts go to the user's state folder
        env["XDG_STATE_HOME"] = str(tmp_path / "state")
        logs = tmp_path / "logs"
        logs.mkdir()
        starts = iter(range(1000))

        def launch() -> DaemonProcess:
            return DaemonProcess(plan, None, logs / f"daemon-{next(starts):02d}.log", *args, env=env)

        daemons = [launch() for _ in range(3)]
        rng = random.Random(16)
        kills = mid_publish = 0
        deadline = time.monotonic() + 600
        while kills < 12 and time.monotonic() < deadline:
            slot = rng.randrange(3)
            victim = daemons[slot]
            if kills % 2 == 0:  # mid-publish: the moment it logs a click it has not finished
                seen = victim.text().count("publishing ")
                try:
                    wait_until(lambda v=victim, n=seen: v.text().count("publishing ") > n, 40, "a publish")
                except AssertionError:
                    pass  # nothing left for this one to publish: killed wherever it is
            else:
                time.sleep(rng.uniform(1.0, 4.0))
            before = victim.text()
            victim.kill()
            last = re.findall(r"publishing (\S+) to", before)
            if last and not re.search(rf"published (late )?{re.escape(last[-1])}: |{re.escape(last[-1])}: outcome",
                                      before.split(f"publishing {last[-1]} to")[-1]):
                mid_publish += 1
            kills += 1
            daemons[slot] = launch()
        assert kills >= 10

        wait_until(lambda: len(site_posts(sandbox.url)) >= POSTS, 420, "every post on the site",
                   interval=1.0, log=lambda: "\n".join(d.text()[-1500:] for d in daemons))
        status = wait_until(lambda: _settled(plan, env), 240, "the journal settled", interval=2.0)
        assert status["daemon"]["running"] and status["daemon"]["processes"] == 3  # three daemons share it
        for daemon in daemons:
            daemon.stop(timeout=60)

        posts = site_posts(sandbox.url)
        assert sorted(p["text"] for p in posts) == sorted(text(i) for i in range(POSTS))  # each once, none lost
        for p in posts:  # each on its own account
            assert p["text"].endswith(p["author"]), p
        assert status["counts"]["published"] == POSTS, status["counts"]
        activity = _activity(sandbox.url)
        assert activity["overlaps"] == [], activity["overlaps"][:3]
        assert mid_publish >= 1, "no daemon was killed mid-publish"
        assert list((tmp_path / "state" / "jadwal" / "failures").iterdir())
        everything = "".join(p.read_text(errors="replace") for p in logs.iterdir())
        assert PASSWORD not in everything
        assert "was being published when jadwal stopped; looking it up" in everything
    finally:
        sandbox.close()


def _settled(plan: Path, env: dict[str, str]) -> dict | None:
    out = subprocess.run([*JADWAL, "status", str(plan), "--format", "json"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert PASSWORD not in out.stdout + out.stderr
    status = json.loads(out.stdout)
    return status if status["counts"]["published"] == POSTS else None


def _activity(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/_admin/activity", timeout=10) as reply:
        return json.load(reply)
