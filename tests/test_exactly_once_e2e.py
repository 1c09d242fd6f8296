"""Exactly once, whatever happens (issue 11): the real daemon, the real sandbox, real Chromium.

Each test breaks something a user met (a post published by hand, a second daemon
through another path, a clock that jumps, a lost journal, a renderer killed, a full
disk, a session that expires) and ends with the site's /api/posts holding every
post of the plan exactly once.
"""

from __future__ import annotations

import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon_helpers import (
    JADWAL,
    DaemonProcess,
    SandboxProcess,
    sandbox_process,
    created,
    logged_in_session,
    login,
    plan_toml,
    soon,
    wait_until,
)
from notify_endpoint import Endpoint

pytestmark = pytest.mark.e2e
UTC = timezone.utc


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    yield from sandbox_process(tmp_path_factory.mktemp("sandbox"))


@pytest.fixture(scope="module")
def session(sandbox, tmp_path_factory) -> Path:
    return logged_in_session(sandbox.url, tmp_path_factory.mktemp("login"))


@pytest.fixture(autouse=True)
def no_faults(sandbox):
    sandbox.admin("reset-faults")
    yield
    sandbox.admin("reset-faults")


def jadwal(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JADWAL, *args], capture_output=True, text=True, timeout=timeout, env=env)


def status(plan: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    out = jadwal("status", str(plan), *args, "--format", "json", env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def exactly_once(sandbox: SandboxProcess, tag: str, texts: list[str]) -> list[dict]:
    """The site holds each of `texts` once, and nothing else with `tag`."""
    posts = sandbox.posts(tag)
    assert sorted(p["text"] for p in posts) == sorted(texts), [p["text"] for p in posts]
    return posts


def wait_published(daemon: DaemonProcess, post_id: str, timeout: float = 120, after: int = 0) -> None:
    """Until the daemon logs the post as published (on time, or late within the grace period)."""
    wait_until(lambda: re.search(rf"published (late )?{re.escape(post_id)}: ", daemon.text()[after:]), timeout,
               f"{post_id} published", log=daemon.text)


def make_plan(tmp_path: Path, sandbox: SandboxProcess, session: Path, tag: str, times: list[datetime],
              **extra: object) -> tuple[Path, list[str], list[str]]:
    ids = [f"{tag.lower()}{i}" for i in range(len(times))]
    texts = [f"{tag} {i}: kopi susu hari ini" for i in range(len(times))]
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_toml(times, url=sandbox.url, session=session, ids=ids, texts=texts, **extra))  # type: ignore[arg-type]
    return plan, ids, texts


# -- 1. a post published by hand ---------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_post_published_by_hand_is_never_published_again_by_the_daemon(sandbox, session, tmp_path, engine,
                                                                         request) -> None:
    # the plan's default journal, for all: a folder of files, or a PostgreSQL database (issue 16)
    where = request.getfixturevalue("pg_url").secret if engine == "postgresql" else str(tmp_path / "journals")
    env = dict(os.environ, JADWAL_STATE=where)
    times = soon(20, 35)
    tag = "HAND" if engine == "sqlite" else "TANGAN"
    plan, ids, texts = make_plan(tmp_path, sandbox, session, tag, times)
    daemon = DaemonProcess(plan, None, tmp_path / "daemon.log", "--failures", str(tmp_path / "f"), "--slots", "1",
                           env=env)
    try:
        daemon.wait_log("daemon running", 60)
        out = jadwal("publish", str(plan), "--post", ids[1], env=env)  # while the daemon runs, before its time
        assert out.returncode == 0, out.stderr
        (by_hand,) = sandbox.posts(texts[1])
        assert out.stdout.strip() == f"published post {ids[1]} of account ig: {sandbox.url}/p/{by_hand['id']}"
        again = jadwal("publish", str(plan), "--post", ids[1], env=env)
        assert again.returncode == 1
        assert f"error: post {ids[1]} is already published: {sandbox.url}/p/{by_hand['id']}" in again.stderr
        assert "add --again" in again.stderr
        wait_published(daemon, ids[0])
        wait_until(lambda: datetime.now(UTC) > times[1] + timedelta(seconds=10), 60, "the hand post's time")
        seen = status(plan, env=env)
        rows = {p["id"]: p for p in seen["posts"]}
        assert rows[ids[1]]["state"] == "published" and rows[ids[1]]["url"].endswith(f"/p/{by_hand['id']}")
        assert seen["counts"]["missed"] == 0 and seen["daemon"]["running"]
    finally:
        daemon.stop()
    assert f"publishing {ids[1]}" not in daemon.text()
    exactly_once(sandbox, tag, texts)


# -- 2. two daemons, one journal ------------------------------------------------------------------

def test_a_second_daemon_through_a_symlink_or_a_hard_link_is_refused(sandbox, session, tmp_path) -> None:
    times = soon(25, 30)
    plan, ids, texts = make_plan(tmp_path, sandbox, session, "TWICE", times)
    state = tmp_path / "a" / "state.db"
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log")
    others: list[subprocess.Popen[str]] = []

    def second(path: Path) -> tuple[int, str]:
        proc = subprocess.Popen([*JADWAL, "daemon", str(plan), "--state", str(path)], text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        others.append(proc)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # it runs: the bug
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return -1, "it started a second daemon"
        return proc.returncode, err

    try:
        daemon.wait_log("daemon running", 60)
        link = tmp_path / "link.db"
        link.symlink_to(state)
        code, err = second(link)
        assert code == 1 and f"another jadwal daemon (PID {daemon.proc.pid}) is already using {link}" in err, err
        hard = tmp_path / "b" / "hard.db"
        hard.parent.mkdir()
        os.link(state, hard)
        code, err = second(hard)
        assert code == 1 and "has 2 names (hard links)" in err and "find / -xdev -samefile" in err, err
        refused = jadwal("status", str(plan), "--state", str(hard))  # not even to read: two -wal files
        assert refused.returncode == 1 and "hard links" in refused.stderr
        hard.unlink()
        seen = status(plan, "--state", str(link))
        assert seen["daemon"] == {"running": True, "pid": daemon.proc.pid}
        wait_published(daemon, ids[1])
    finally:
        daemon.stop()
        for proc in others:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    exactly_once(sandbox, "TWICE", texts)


# -- 3. a wall clock that jumps -------------------------------------------------------------------------

def faketime_library() -> str:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not found:
        pytest.fail("libfaketime is missing: install Debian's `faketime` (scripts/test does)")
    return found[0]


#: runs jadwal with the preloaded fake clock, but not its browser: only jadwal's wall clock jumps
#: (Python's waits need a real monotonic clock: FAKETIME_DONT_FAKE_MONOTONIC)
UNDER_FAKETIME = [sys.executable, "-c", "import os, sys; os.environ.pop('LD_PRELOAD'); sys.argv[0] = 'jadwal'; "
                  "from scheduler.cli import main; main()"]


def test_a_wall_clock_jump_forward_and_back_publishes_nothing_early_and_misses_nothing(
        sandbox, session, tmp_path) -> None:
    offset = tmp_path / "faketime"
    offset.write_text("+0\n")
    env = dict(os.environ, LD_PRELOAD=faketime_library(), FAKETIME_TIMESTAMP_FILE=str(offset),
               FAKETIME_NO_CACHE="1", FAKETIME_DONT_FAKE_MONOTONIC="1")
    times = soon(30, 55)
    with Endpoint() as hook:
        plan, ids, texts = make_plan(tmp_path, sandbox, session, "CLOCK", times, notify=(hook.target,))
        daemon = DaemonProcess(plan, tmp_path / "state.db", tmp_path / "daemon.log", "--grace", "5m",
                               env=env, command=UNDER_FAKETIME)
        try:
            daemon.wait_log("daemon running", 60)
            offset.write_text("+2h\n")  # an NTP step, a VM resume: the wall clock says two hours later
            after = daemon.wait_log("the system clock jumped forward by 2h", 90)
            message = next(m for m in hook.wait_for(1) if "clock moved" in m["title"])
            assert "no post goes out early and none is missed" in message["message"]
            wait_published(daemon, ids[0], after=after)
            offset.write_text("+0\n")  # corrected back
            daemon.wait_log("the system clock jumped back by 2h", 90)
            wait_published(daemon, ids[1])
        finally:
            daemon.stop()
        assert "ALERT missed" not in daemon.text()
        assert status(plan, "--state", str(tmp_path / "state.db"))["counts"]["missed"] == 0
        assert len([m for m in hook.received if "clock moved" in m["title"]]) == 2
    for post in exactly_once(sandbox, "CLOCK", texts):
        assert created(post) >= times[texts.index(post["text"])], post  # never before its time


# -- 4. a lost journal --------------------------------------------------------------------------------

def test_a_fresh_journal_over_a_half_published_plan_publishes_only_what_is_not_out(
        sandbox, session, tmp_path) -> None:
    times = soon(15, 18, 50)
    plan, ids, texts = make_plan(tmp_path, sandbox, session, "FRESH", times)
    first = DaemonProcess(plan, tmp_path / "first.db", tmp_path / "first.log")
    try:
        wait_published(first, ids[1])
    finally:
        first.stop()
    # deleted, or restored from an old backup: the new daemon knows nothing of ids[0] and ids[1]
    second = DaemonProcess(plan, tmp_path / "second.db", tmp_path / "second.log")
    try:
        second.wait_log(f"post {ids[0]} is on the site already", 90)
        second.wait_log(f"post {ids[1]} is on the site already", 90)
        wait_published(second, ids[2])
        seen = status(plan, "--state", str(tmp_path / "second.db"))
        assert {p["id"]: p["state"] for p in seen["posts"]} == dict.fromkeys(ids, "published")
    finally:
        second.stop()
    assert f"publishing {ids[0]}" not in second.text() and f"publishing {ids[1]}" not in second.text()
    exactly_once(sandbox, "FRESH", texts)


# -- a renderer killed ------------------------------------------------------------------------------

def kill_renderers(root: int) -> int:
    """SIGKILL every Chromium renderer below `root` (what the OOM killer does in a small memory limit)."""
    from scheduler.runtime.processes import cmdline, descendants

    killed = 0
    for pid in descendants(root):
        if b"--type=renderer" in b" ".join(cmdline(pid)):  # Chromium rewrites its title: one string
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def test_a_renderer_killed_mid_check_and_mid_publish_is_replaced(sandbox, session, tmp_path) -> None:
    times = soon(12, 15)
    plan, ids, texts = make_plan(tmp_path, sandbox, session, "CRASH", [*times, times[0] + timedelta(seconds=50)],
                                 check_every="1m")
    state = tmp_path / "state.db"
    first = DaemonProcess(plan, state, tmp_path / "first.log", "--retry-first", "5s")
    try:
        wait_published(first, ids[1])
    finally:
        first.stop()
    for post in sandbox.posts("CRASH"):
        for n in range(4):
            sandbox.comment(post["id"], "fan", f"CRASH komentar {n}")
    sandbox.admin("faults", {"latency_ms": 1500})  # every page takes a while: time to kill in the middle
    daemon = DaemonProcess(plan, state, tmp_path / "daemon.log", "--retry-first", "5s")
    try:
        after = daemon.wait_log("comment check: reading", 60)  # the first check runs at start
        wait_until(lambda: kill_renderers(daemon.proc.pid), 30, "a renderer to kill", interval=0.5)
        daemon.wait_log("crashed; going on with a new one", 60, after=after)
        done = daemon.wait_log("comment check done", 120, after=after)
        assert ": 2 posts, 8 comments (8 new" in daemon.text()[after:done + 60]
        after = daemon.wait_log(f"publishing {ids[2]}", 120)
        time.sleep(2)  # the compose page is loading (or the post being sent)
        assert kill_renderers(daemon.proc.pid)
        daemon.wait_log("page crashed", 60, after=after)
        wait_until(lambda: re.search(rf"post {ids[2]} (is not on the site|was published after all)",
                                     daemon.text()[after:]), 120, "the lookup", log=daemon.text)
        wait_until(lambda: {p["id"]: p["state"] for p in status(plan, "--state", str(state))["posts"]}[ids[2]]
                   == "published", 180, "the post recorded", interval=2, log=daemon.text)
    finally:
        daemon.stop()
    exactly_once(sandbox, "CRASH", texts)


# -- a full disk under the journal ------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path):
    """A 16 MB tmpfs: the journal's own filesystem, filled by the test (CI runs as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs (the test needs root): {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_under_the_journal_is_told_backs_off_and_loses_nothing(
        sandbox, session, tmp_path, small_disk) -> None:
    times = soon(15, 40)
    with Endpoint() as hook:
        plan, ids, texts = make_plan(tmp_path, sandbox, session, "DISK", times, notify=(hook.target,))
        daemon = DaemonProcess(plan, small_disk / "state.db", tmp_path / "daemon.log",
                               "--failures", str(tmp_path / "failures"))
        try:
            wait_published(daemon, ids[0])
            filler = fill(small_disk)
            told = wait_until(lambda: [m for m in hook.received if "journal cannot be written" in m["title"]],
                              120, "the full-disk alert", log=daemon.text)
            assert "publishes nothing until it can" in told[0]["message"]
            wait_until(lambda: datetime.now(UTC) > times[1] + timedelta(seconds=30), 90, "past the second post")
            assert sandbox.posts(texts[1]) == []  # it could not be recorded: not published
            log = daemon.text()
            assert log.count("Traceback") == 0 and log.count("looking it up") == 0, log[-3000:]
            filler.unlink()  # space again
            daemon.wait_log("the journal can be written again", 200)
            wait_published(daemon, ids[1])
            wait_until(lambda: [m for m in hook.received if "writable again" in m["title"]], 60, "resumed alert")
        finally:
            daemon.stop()
    assert len([m for m in hook.received if "journal cannot be written" in m["title"]]) == 1
    exactly_once(sandbox, "DISK", texts)


# -- a session that expires ---------------------------------------------------------------------------

def test_a_session_expired_mid_run_pauses_the_account_until_a_new_login(tmp_path) -> None:
    sandbox = SandboxProcess(tmp_path / "site")  # its own: every session of it is expired below
    own = tmp_path / "sessions" / "ig.json"
    plan = tmp_path / "login.toml"
    plan.write_text(plan_toml([datetime.now(UTC) + timedelta(hours=1)], url=sandbox.url, session=own))
    login(plan)
    try:
        times = soon(20, 35, 40)
        with Endpoint() as hook:
            plan, ids, texts = make_plan(tmp_path, sandbox, own, "EXPIRE", times, notify=(hook.target,))
            daemon = DaemonProcess(plan, tmp_path / "state.db", tmp_path / "daemon.log")
            try:
                wait_published(daemon, ids[0])
                sandbox.admin("expire-sessions")  # mid-run, the site forgets every session
                (paused,) = wait_until(lambda: [m for m in hook.received if "account paused" in m["title"]], 120,
                                       "the pause alert", log=daemon.text)
                fix = paused["message"].split("Fix: log in again: ", 1)[1].split(" (the password in")[0]
                assert fix == f"jadwal login {plan} --account ig --password-env JADWAL_PASSWORD"
                seen = status(plan, "--state", str(tmp_path / "state.db"))
                (held,) = seen["paused_accounts"]
                assert held["account"] == "ig" and fix in held["fix"]
                wait_until(lambda: datetime.now(UTC) > times[2] + timedelta(seconds=5), 60, "the others' time")
                rows = {p["id"]: p["state"] for p in status(plan, "--state", str(tmp_path / "state.db"))["posts"]}
                assert rows[ids[1]] == rows[ids[2]] == "pending"  # waiting, not failed
                assert len([m for m in hook.received if "account paused" in m["title"]]) == 1  # told once
                # the person runs the command exactly as the alert printed it
                command = fix.split()
                assert command[0] == "jadwal"
                done = subprocess.run([*JADWAL, *command[1:]], capture_output=True, text=True, timeout=120,
                                      env=dict(os.environ, JADWAL_PASSWORD="kopisenja"))
                assert done.returncode == 0, done.stderr
                daemon.wait_log("account ig resumes", 60)
                wait_published(daemon, ids[1])
                wait_published(daemon, ids[2])
            finally:
                daemon.stop()
            assert "failed" not in {p["state"] for p in status(plan, "--state", str(tmp_path / "state.db"))["posts"]}
            exactly_once(sandbox, "EXPIRE", texts)
    finally:
        sandbox.close()
