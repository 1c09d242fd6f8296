"""The real `jadwal daemon` against the real sandbox, through real Chromium, on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import (
    JADWAL,
    DaemonProcess,
    sandbox_process,
    created,
    logged_in_session,
    plan_toml,
    soon,
    status_json,
    wait_until,
    zone_near_noon,
)

pytestmark = pytest.mark.e2e
UTC = timezone.utc
#: how late a post may appear on the site ("within a few seconds" on a busy 2-core machine)
LATE_OK = 6.0


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    yield from sandbox_process(tmp_path_factory.mktemp("sandbox"))


@pytest.fixture(scope="module")
def session(sandbox, tmp_path_factory) -> Path:
    path = logged_in_session(sandbox.url, tmp_path_factory.mktemp("login"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    return path


def test_daemon_publishes_on_time_once_follows_edits_and_stops_cleanly(sandbox, session, tmp_path) -> None:
    plan, state = tmp_path / "plan.toml", tmp_path / "state" / "state.db"
    times = soon(8, 11, 14, 17)
    ids = ["p0", "p1", "p2", "p3"]
    texts = [f"E2E-A {i}: kopi pagi" for i in ids]
    plan.write_text(plan_toml(times, url=sandbox.url, session=session, ids=ids, texts=texts))
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
    try:
        daemon.wait_log("daemon running")
        second = subprocess.run([*JADWAL, "daemon", str(plan), "--state", str(state)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert f"another jadwal daemon (PID {daemon.proc.pid})" in second.stderr

        posts = wait_until(lambda: len(sandbox.posts("E2E-A")) >= 4 and sandbox.posts("E2E-A"), 60,
                           "four posts on the site", log=daemon.text)
        assert sorted(p["text"] for p in posts) == sorted(texts)  # each exactly once
        for post in posts:
            due = times[texts.index(post["text"])]
            assert 0 <= (created(post) - due).total_seconds() <= LATE_OK, (post, due)

        # a good edit while running: two new posts, one later post, and p0's text rewritten
        more = soon(5, 8, 16)
        ids2, texts2 = ids + ["p4", "p5", "p7"], [texts[0] + " (revisi)", *texts[1:],
                                                    "E2E-A p4", "E2E-A p5", "E2E-A p7"]
        plan.write_text(plan_toml(times + more, url=sandbox.url, session=session, ids=ids2, texts=texts2))
        mark = daemon.wait_log("plan file changed")
        wait_until(lambda: {"E2E-A p4", "E2E-A p5"} <= {p["text"] for p in sandbox.posts("E2E-A")}, 40,
                   "the added posts", log=daemon.text)
        assert daemon.wait_log("p0 was edited after it was published") > mark

        # a bad edit: max_per_day = 1 breaks R1; its new post must not go out, the old plan goes on
        plan.write_text(plan_toml(times + more + soon(3), url=sandbox.url, session=session,
                                  ids=ids2 + ["p6"], texts=texts2 + ["E2E-A p6 BAD"], max_per_day=1))
        daemon.wait_log("ALERT plan_rejected")
        assert "error R1" in daemon.text()
        wait_until(lambda: "E2E-A p7" in {p["text"] for p in sandbox.posts("E2E-A")}, 40, "p7 (old plan)",
                   log=daemon.text)
        final = sandbox.posts("E2E-A")
        assert "E2E-A p6 BAD" not in {p["text"] for p in final}
        assert not any("revisi" in p["text"] for p in final)
        assert len(final) == len({p["text"] for p in final}) == 7

        code = daemon.stop()
        assert code == 0, daemon.text()[-2000:]
        assert "stopped" in daemon.text()
    finally:
        if daemon.proc.poll() is None:
            daemon.kill()

    status = status_json(plan, state)
    by_id = {p["id"]: p for p in status["posts"]}
    assert status["counts"]["published"] == 7
    assert by_id["p0"]["edited_after_publish"] is True
    site = {p["permalink"] for p in sandbox.posts("E2E-A")}
    assert {p["url"] for p in status["posts"] if p["state"] == "published"} == site
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.parent.stat().st_mode) == 0o700


def test_missed_late_and_failed_posts_then_a_person_retries(sandbox, session, tmp_path) -> None:
    plan, state = tmp_path / "plan.toml", tmp_path / "state.db"
    now = datetime.now(UTC).replace(microsecond=0)
    times = [now - timedelta(hours=2), now - timedelta(minutes=30), now + timedelta(seconds=8)]
    ids, texts = ["old", "late", "fail"], ["E2E-B old", "E2E-B late", "E2E-B fail"]
    plan.write_text(plan_toml(times, url=sandbox.url, session=session, ids=ids, texts=texts,
                              zone=zone_near_noon(now)))  # one day of the plan at any hour
    failures = tmp_path / "failures"
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log", "--grace", "1h", "--retry-first", "1s",
                           "--max-attempts", "2", "--failures", str(failures))
    try:
        daemon.wait_log("ALERT missed [old]")
        daemon.wait_log("published late")
        sandbox.admin("faults", {"error_rate": 1.0})
        daemon.wait_log("ALERT failed [fail]", timeout=60)
        sandbox.admin("reset-faults")
        status = status_json(plan, state)
        by_id = {p["id"]: p for p in status["posts"]}
        assert by_id["old"]["state"] == "missed"
        assert by_id["late"]["state"] == "published"
        fail = by_id["fail"]
        assert fail["state"] == "failed" and fail["attempt"] == 2 and fail["last_error"]
        assert fail["artifacts"] and all(Path(a).exists() for a in fail["artifacts"])
        assert all(stat.S_IMODE(Path(a).stat().st_mode) == 0o600 for a in fail["artifacts"])
        assert {a["kind"] for a in status["alerts"]} >= {"missed", "failed"}
        assert {p["text"] for p in sandbox.posts("E2E-B")} == {"E2E-B late"}

        human = subprocess.run([*JADWAL, "status", str(plan), "--state", str(state)],
                               capture_output=True, text=True, timeout=60, check=True).stdout
        assert "failed:" in human and "missed:" in human and "saved:" in human

        retried = subprocess.run([*JADWAL, "retry", str(plan), "--state", str(state), "fail"],
                                 capture_output=True, text=True, timeout=60)
        assert retried.returncode == 0 and "re-queued fail (was failed)" in retried.stdout
        wait_until(lambda: "E2E-B fail" in {p["text"] for p in sandbox.posts("E2E-B")}, 40, "the retried post",
                   log=daemon.text)
        assert daemon.stop() == 0
    finally:
        if daemon.proc.poll() is None:
            daemon.kill()
    assert sorted(p["text"] for p in sandbox.posts("E2E-B")) == ["E2E-B fail", "E2E-B late"]


def test_a_hung_publish_is_killed_at_the_deadline_and_looked_up(sandbox, session, tmp_path) -> None:
    from scheduler.runtime.processes import descendants
    from scheduler.runtime.publisher import BrowserPublisher
    from scheduler.errors import OutcomeUnknown
    from scheduler.plan import load_plan

    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(plan_toml(soon(60), url=sandbox.url, session=session, texts=["E2E-C hang"]))
    plan = load_plan(plan_path)
    post, account = plan.posts[0], plan.accounts["ig"]
    publisher = BrowserPublisher(tmp_path / "failures", deadline=4)
    sandbox.admin("faults", {"crash_after_post": {"mode": "hang", "times": 1}})
    try:
        began = time.monotonic()
        with pytest.raises(OutcomeUnknown, match="killed"):
            publisher.publish(account, post)
        assert time.monotonic() - began < 20
        assert not publisher.active
        ref = publisher.find(account, post, since=datetime.now(UTC) - timedelta(minutes=2))
        assert ref is not None and ref.url in {p["permalink"] for p in sandbox.posts("E2E-C hang")}
    finally:
        sandbox.admin("reset-faults")
        publisher.close()
    assert [p for p in descendants(os.getpid()) if b"chrom" in Path(f"/proc/{p}/cmdline").read_bytes()] == []


def test_a_browser_that_dies_mid_publish_is_replaced_for_the_lookup(sandbox, session, tmp_path) -> None:
    """Chromium killed from outside (the OOM killer, say) after the post landed: the lookup runs in a
    fresh browser and finds the post, instead of failing on the dead one and leaving it unconfirmed."""
    from scheduler.runtime.processes import descendants
    from scheduler.runtime.publisher import BrowserPublisher
    from scheduler.errors import OutcomeUnknown
    from scheduler.plan import load_plan

    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(plan_toml(soon(60), url=sandbox.url, session=session, texts=["E2E-D crash"]))
    plan = load_plan(plan_path)
    post, account = plan.posts[0], plan.accounts["ig"]
    publisher = BrowserPublisher(tmp_path / "failures", deadline=60)

    def out_of_memory() -> None:
        wait_until(lambda: sandbox.posts("E2E-D crash"), 30, "the post on the site")
        for pid in descendants(os.getpid()):
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)

    sandbox.admin("faults", {"crash_after_post": {"mode": "hang", "times": 1}})
    killer = threading.Thread(target=out_of_memory)
    try:
        killer.start()
        with pytest.raises(OutcomeUnknown):
            publisher.publish(account, post)
        killer.join()
        ref = publisher.find(account, post, since=datetime.now(UTC) - timedelta(minutes=2))
        assert ref is not None and ref.url in {p["permalink"] for p in sandbox.posts("E2E-D crash")}
    finally:
        killer.join()
        sandbox.admin("reset-faults")
        publisher.close()
