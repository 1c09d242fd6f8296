"""Pacing: each platform's pace for every action of an account, with jitter and posts a day, shared by the
daemon's publisher and its comment thread (one account acts in one browser at a time).

The daemon is driven by a FakeClock and an in-process fake site (as in test_daemon_loop.py): these prove
scheduling decisions; publishing itself is proved against the real sandbox elsewhere."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from daemon_helpers import model_plan
from test_daemon_loop import FakeSite

from scheduler.runtime.clock import FakeClock, SystemClock
from scheduler.runtime.daemon import Daemon, DaemonConfig
from scheduler.runtime.journal import Journal
from scheduler.pacing import Pacer
from scheduler.plan.model import Account

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
SLOW = """\
platform = "sandbox"
version = "slow"
[pacing]
publish = {{ min_gap = "{gap}", jitter = "{jitter}" }}
comments = {{ min_gap = "{comments}" }}
[limits.posts_per_day]
max = {per_day}
source = "a test pack"
"""


def slow_pack(folder: Path, *, gap: str = "2m", jitter: str = "1m", comments: str = "0s", per_day: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sandbox.toml").write_text(SLOW.format(gap=gap, jitter=jitter, comments=comments, per_day=per_day))
    return folder


def account(packs: Path | None, name: str = "ig") -> Account:
    return Account(name, "sandbox", "http://127.0.0.1:1", name, None, 1, packs=packs)


def test_the_gap_is_the_packs_pace_plus_jitter_and_the_day_has_a_most(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    pacer = Pacer(clock)
    ig = account(slow_pack(tmp_path))
    assert pacer.wait(ig, "publish") == 0
    gaps = []
    for _ in range(3):
        gap = pacer.record(ig, "publish")
        gaps.append(gap)
        assert timedelta(minutes=2) <= gap <= timedelta(minutes=3)
        assert pacer.wait(ig, "publish") == pytest.approx(gap.total_seconds())
        assert pacer.wait(ig, "publish") == pytest.approx(gap.total_seconds())  # asking again: the same answer
        clock.advance(gap.total_seconds())
    assert len(set(gaps)) == 3  # jittered, not a fixed rhythm
    first = T0
    pacer.record(ig, "publish")  # the 4th post in 24 hours: the 5th waits until the first is a day old
    clock.advance(3600)
    assert pacer.wait(ig, "publish") == pytest.approx((first + timedelta(hours=24) - clock.now()).total_seconds())
    assert pacer.record(ig, "publish", floor=timedelta(minutes=30)) >= timedelta(minutes=30)  # the daemon's floor
    assert pacer.wait(account(None, "fb"), "publish") == 0  # accounts do not wait for each other


def test_posts_of_a_previous_run_count_toward_the_day(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    pacer = Pacer(clock)
    ig = account(slow_pack(tmp_path, per_day=2))
    pacer.remember_posts(ig, [T0 - timedelta(hours=23), T0 - timedelta(hours=1)])
    assert pacer.wait(ig, "publish") == pytest.approx(3600)


def run_backlog(tmp_path: Path, packs: Path, count: int, grace: timedelta) -> tuple[list[datetime], Daemon]:
    """A daemon that was down: `count` posts due in the last half hour; step until nothing happens."""
    clock = FakeClock(T0)
    site = FakeSite()
    published: list[datetime] = []
    site.on_publish = lambda post_id: published.append(clock.now())
    posts = [(f"p{i}", T0 - timedelta(minutes=30) + timedelta(seconds=i), f"teks {i}") for i in range(count)]
    plan = model_plan(posts, min_gap=timedelta(hours=1))  # the daemon's pace: --pace (30 s), the shorter
    plan.accounts = {"ig": replace(plan.accounts["ig"], packs=packs)}
    journal = Journal(tmp_path / "state.db")
    config = DaemonConfig(tmp_path / "plan.toml", tmp_path / "state.db", tmp_path / "failures", grace=grace,
                          pace=timedelta(seconds=30))
    daemon = Daemon(config, plan, journal, site, clock=clock)
    for _ in range(200):
        wait = daemon.step()
        if not journal.due(clock.now()) and journal.next_due() is None and wait >= 60:
            break
        clock.advance(max(wait, 1.0))
    return published, daemon


def test_pacing_holds_under_a_backlog(tmp_path: Path) -> None:
    published, daemon = run_backlog(tmp_path, slow_pack(tmp_path / "packs"), count=8, grace=timedelta(hours=2))
    gaps = [(b - a).total_seconds() for a, b in zip(published, published[1:], strict=False)]
    assert len(published) == 4  # the pack's posts a day, however long the backlog
    assert all(120 <= g <= 180 for g in gaps), gaps  # never closer than the pace, never waiting past its jitter
    assert len(set(gaps)) == len(gaps)  # jittered
    states = {row.id: row.state for row in daemon.journal.posts()}
    assert sorted(states.values()) == ["missed"] * 4 + ["published"] * 4  # the rest waited past the grace
    assert [a.kind for a in daemon.journal.events(alerts_only=True)] == ["missed"]
    daemon.journal.close()


def test_the_daemons_pace_is_a_floor_under_the_packs(tmp_path: Path) -> None:
    packs = slow_pack(tmp_path / "packs", gap="1s", jitter="0s", per_day=100)
    published, daemon = run_backlog(tmp_path, packs, count=3, grace=timedelta(hours=2))
    gaps = [(b - a).total_seconds() for a, b in zip(published, published[1:], strict=False)]
    assert gaps == [30.0, 30.0]  # --pace 30s
    daemon.journal.close()


def test_comment_reads_are_paced_and_a_due_post_goes_first(tmp_path: Path) -> None:
    clock = SystemClock()
    pacer = Pacer(clock)
    ig = account(slow_pack(tmp_path, comments="1s"))
    starts: list[float] = []  # as the pacer's clock tells
    reading = threading.Event()
    release_read = threading.Event()

    def comment_thread() -> None:
        for n in range(3):
            with pacer.turn(ig, "comments") as go:
                assert go
                starts.append(clock.now().timestamp())
                if n == 0:
                    reading.set()
                    release_read.wait(10)

    worker = threading.Thread(target=comment_thread)
    worker.start()
    assert reading.wait(10)
    assert not pacer.acquire_first("ig", timeout=0.1)  # the read in progress holds the account
    got: list[float] = []

    def publisher() -> None:
        assert pacer.acquire_first("ig", timeout=10)
        got.append(clock.now().timestamp())
        time.sleep(0.3)  # publishing: the comment thread must not act meanwhile
        pacer.release("ig")

    post = threading.Thread(target=publisher)
    post.start()
    time.sleep(0.2)
    release_read.set()
    post.join(10)
    worker.join(20)
    assert len(starts) == 3 and got
    assert starts[1] > got[0] + 0.3  # the due post went before the next read, and the read waited for it
    assert all(b - a >= 1.0 for a, b in zip(starts, starts[1:], strict=False)), starts  # the comment pace


def test_a_stopping_daemon_is_not_held_up_by_a_pause(tmp_path: Path) -> None:
    pacer = Pacer(SystemClock())
    ig = account(slow_pack(tmp_path, comments="1h"))
    stop = threading.Event()
    with pacer.turn(ig, "comments", stop=stop) as go:
        assert go
    stop.set()
    with pacer.turn(ig, "comments", stop=stop) as go:
        assert not go  # an hour's pause ends at once when the daemon stops
