#!/usr/bin/env python3
"""What the daemon costs and how punctual it is, measured on this machine.

1. Idle: `jadwal daemon` with a valid 30k-post plan (a year ahead, 10 accounts)
   loaded, nothing due: resident memory and CPU over 60 s (goals < 80 MB, < 1%).
2. Lateness: a short real run against the sandbox (subprocess, 127.0.0.1) with
   real Chromium: posts due every few seconds; how late each appears on the site
   against its due time (goal: median < 2 s).
3. The price of the durable intent write (synchronous=FULL) next to NORMAL.

    .venv/bin/python scripts/bench_daemon.py [--idle-seconds 60] [--posts 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from daemon_helpers import DaemonProcess, SandboxProcess, login, plan_toml  # noqa: E402

UTC = timezone.utc
TICKS = os.sysconf("SC_CLK_TCK")


def big_plan(folder: Path, posts: int) -> Path:
    """The validate benchmark's valid one-year plan, moved to next year so every post is still ahead."""
    spec = importlib.util.spec_from_file_location("bench_validate", ROOT / "scripts" / "bench_validate.py")
    bench = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    year = datetime.now(UTC).year + 1
    text = bench.plan_toml(posts).replace("2026-", f"{year}-")
    (folder / "media").mkdir(exist_ok=True)
    for m in range(bench.MEDIA):
        (folder / "media" / f"foto-{m:02d}.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    path = folder / "plan-30k.toml"
    path.write_text(text, encoding="utf-8")
    return path


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def idle(folder: Path, seconds: float) -> None:
    plan = big_plan(folder, 30_000)
    began = time.monotonic()
    daemon = DaemonProcess(plan, folder / "idle.db", folder / "idle.log")
    try:
        daemon.wait_log("daemon running", timeout=300)
        startup = time.monotonic() - began
        time.sleep(2)  # let start-up garbage settle
        pid = daemon.proc.pid
        cpu0, t0, peak = cpu_seconds(pid), time.monotonic(), 0.0
        while time.monotonic() - t0 < seconds:
            time.sleep(1)
            peak = max(peak, rss_mb(pid))
        cpu = (cpu_seconds(pid) - cpu0) / (time.monotonic() - t0) * 100
        rss = rss_mb(pid)
        children = len(list(Path(f"/proc/{pid}/task").iterdir()))
        print(f"idle, 30k posts loaded: start-up {startup:.1f}s, RSS {rss:.1f} MB (peak {peak:.1f}), "
              f"CPU {cpu:.2f}% of one core over {seconds:.0f}s, {children} thread(s)  "
              f"[goals < 80 MB, < 1%] {'OK' if rss < 80 and cpu < 1 else 'MISSED'}")
        assert daemon.stop() == 0
    finally:
        if daemon.proc.poll() is None:
            daemon.kill()


def lateness(folder: Path, posts: int, gap: float) -> None:
    sandbox = SandboxProcess(folder / "sandbox")
    try:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=20)
        times = [start + timedelta(seconds=gap * i) for i in range(posts)]
        texts = [f"BENCH {i:03d}: kopi tubruk" for i in range(posts)]
        plan = folder / "short.toml"
        plan.write_text(plan_toml(times, url=sandbox.url, session=folder / "s" / "ig.json", texts=texts))
        login(plan)
        daemon = DaemonProcess(plan, folder / "short.db", folder / "short.log")
        try:
            deadline = time.monotonic() + (times[-1] - datetime.now(UTC)).total_seconds() + 60
            while len(sandbox.posts("BENCH ")) < posts and time.monotonic() < deadline:
                time.sleep(1)
            assert daemon.stop() == 0
        finally:
            if daemon.proc.poll() is None:
                daemon.kill()
        late = []
        for post in sandbox.posts("BENCH "):
            created = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
            late.append((created - times[texts.index(post["text"])]).total_seconds())
        late.sort()
        median = statistics.median(late)
        print(f"lateness over {len(late)}/{posts} posts every {gap:.0f}s: median {median:.2f}s, "
              f"p90 {late[int(0.9 * (len(late) - 1))]:.2f}s, max {late[-1]:.2f}s, min {late[0]:.2f}s  "
              f"[goal median < 2 s] {'OK' if median < 2 else 'MISSED'}")
    finally:
        sandbox.close()


def intent_cost(folder: Path, rounds: int = 300) -> None:
    from scheduler.runtime.journal import Journal

    with Journal(folder / "sync.db") as journal:
        journal.db.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
        journal.db.execute("INSERT INTO t VALUES (0)")
        result = {}
        for durable in (False, True):
            began = time.perf_counter()
            for _ in range(rounds):
                with journal.transaction(durable=durable):
                    journal.db.execute("UPDATE t SET n = n + 1")
            result[durable] = (time.perf_counter() - began) / rounds * 1000
    print(f"one state write: NORMAL {result[False]:.2f} ms, FULL (the intent before a click) "
          f"{result[True]:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--posts", type=int, default=20, help="posts in the lateness run")
    parser.add_argument("--gap", type=float, default=3, help="seconds between posts in the lateness run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jadwal-bench-daemon-") as tmp:
        folder = Path(tmp)
        intent_cost(folder)
        idle(folder, args.idle_seconds)
        lateness(folder, args.posts, args.gap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
