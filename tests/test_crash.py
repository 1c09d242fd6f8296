"""Crash test: SIGKILL the daemon at random moments, restart it, and still publish each post exactly once.

Real daemon, real sandbox, real Chromium. Some kills land mid-publish, some
right after the sandbox accepted a post but broke the page ("crash after post").
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections import Counter
from contextlib import closing
from datetime import datetime, timedelta, timezone

import pytest

from daemon_helpers import DaemonProcess, SandboxProcess, login, plan_toml, status_json, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
UTC = timezone.utc
POSTS = 40
KILLS = 12
RETRY = ["--retry-first", "1s", "--retry-cap", "2s", "--max-attempts", "50", "--pace", "1s"]


def test_sigkill_at_random_moments_never_loses_or_doubles_a_post(tmp_path) -> None:
    seed = int(os.environ.get("JADWAL_CRASH_SEED", time.time()))
    rng = random.Random(seed)
    print(f"crash test seed: {seed} (set JADWAL_CRASH_SEED to repeat)")
    sandbox = SandboxProcess(tmp_path / "sandbox")
    try:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=12)
        times = [start + timedelta(seconds=1.5 * i) for i in range(POSTS)]
        texts = [f"CRASH {i:02d}: es kopi susu" for i in range(POSTS)]
        plan, state, log = tmp_path / "plan.toml", tmp_path / "state.db", tmp_path / "daemon.log"
        plan.write_text(plan_toml(times, url=sandbox.url, session=tmp_path / "s" / "ig.json", texts=texts))
        login(plan)

        kinds: Counter[str] = Counter()
        for n in range(KILLS):
            offset = len(log.read_text()) if log.exists() else 0
            daemon = DaemonProcess(plan, state, log, *RETRY)
            try:
                daemon.wait_log("daemon running", after=offset)
                kind = ("idle", "publish", "crash-after-post")[n % 3]
                if kind == "idle":
                    time.sleep(rng.uniform(0.2, 3.0))
                elif kind == "publish":
                    daemon.wait_log("publishing ", after=offset, timeout=30)
                    time.sleep(rng.uniform(0.0, 1.2))
                else:
                    mode = rng.choice(["500", "drop"])
                    sandbox.admin("faults", {"crash_after_post": {"mode": mode, "times": 1}})
                    daemon.wait_log("outcome unknown", after=offset, timeout=30)
                    time.sleep(rng.uniform(0.0, 0.6))
                    kind += f" ({mode})"
                kinds[kind] += 1
            finally:
                daemon.kill()
        assert sum(kinds.values()) >= 10, kinds
        sandbox.admin("reset-faults")

        daemon = DaemonProcess(plan, state, log, *RETRY)
        try:
            def finished() -> bool:  # read the journal directly: cheaper than `jadwal status` every second
                with closing(sqlite3.connect(state, timeout=10)) as db:
                    (settled,) = db.execute("SELECT COUNT(*) FROM posts WHERE state IN"
                                            " ('published', 'failed', 'unconfirmed', 'missed')").fetchone()
                return settled == POSTS
            # the kills leave a backlog, paced at one post per second; a busy machine is slower still
            wait_until(finished, max(0.0, (times[-1] - datetime.now(UTC)).total_seconds()) + 3 * POSTS + 60,
                       "every post settled", interval=1.0, log=daemon.text)
            assert daemon.stop() == 0
        finally:
            if daemon.proc.poll() is None:
                daemon.kill()

        on_site = sandbox.posts("CRASH ")
        per_text = Counter(p["text"] for p in on_site)
        assert sorted(per_text) == sorted(texts), f"missing: {set(texts) - set(per_text)}"
        assert max(per_text.values()) == 1, f"published twice: {[t for t, c in per_text.items() if c > 1]}"
        status = status_json(plan, state)
        assert status["counts"]["published"] == POSTS, status["counts"]
        journal_urls = {p["text"]: p["url"] for p in status["posts"]}
        assert journal_urls == {p["text"]: p["permalink"] for p in on_site}
        text = log.read_text()
        print(f"kills: {dict(kinds)}; lookups after restart: {text.count('looking it up')}")
        assert text.count("was being published when jadwal stopped") >= 1
    finally:
        sandbox.close()
