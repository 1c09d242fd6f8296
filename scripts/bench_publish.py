#!/usr/bin/env python3
"""Publishing speed and footprint: jadwal's code path against a minimal Playwright script.

Both publish to the same sandbox (`jadwal sandbox`, run as its own process so
its memory is not counted), each in its own Chromium (launched by one
Playwright driver), interleaved in turns so neither gets a quieter machine:

- jadwal: what the daemon does per post: `account_page` (the account's kept
  context with the saved session, bounded timeouts, tracing on) and `SandboxAdapter.publish`.
- minimal: one page, the same clicks: open /compose, fill the text, click Post,
  wait for "Your post is live.".

Memory: the peak, during the run, of the summed RSS (and PSS, which shares out
pages shared between processes, and USS, private pages only) of this Python
process, Playwright's driver and each path's Chromium process tree, read from
/proc every 200 ms; then once more for jadwal alone, with its own driver and
browser, as the daemon runs it.

    .venv/bin/python scripts/bench_publish.py [--posts 50] [--batch 5] [--no-trace]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from loguru import logger

from scheduler.runtime.processes import children, descendants


def _kb(path: str, key: bytes) -> int:
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _name(pid: int) -> str:
    """A short name for a process: its executable and, for Chromium, its --type."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return "?"
    kind = next((a.split(b"=", 1)[1] for a in b" ".join(argv).split() if a.startswith(b"--type=")), b"")
    name = Path(f"/proc/{pid}/comm").read_text().strip() if Path(f"/proc/{pid}/comm").exists() else "?"
    return f"{name} {kind.decode()}".strip()


def _rollup(pid: int) -> tuple[float, float]:
    """(PSS, USS) in MB from /proc/PID/smaps_rollup; USS = private pages, freed if the process ends."""
    values = {b"Pss:": 0, b"Private_Clean:": 0, b"Private_Dirty:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                key = line.split(maxsplit=1)[0] if line.strip() else b""
                if key in values:
                    values[key] = int(line.split()[1])
    except OSError:
        pass
    return values[b"Pss:"] / 1024, (values[b"Private_Clean:"] + values[b"Private_Dirty:"]) / 1024


@dataclass
class MemorySampler:
    """Peak summed RSS/PSS (MB) of this process tree, per browser, sampled in a thread.

    The Python process and Playwright's driver count for every browser; each
    Chromium (a child of the driver) counts only for its own figure.
    """

    root: int
    exclude: set[int] = field(default_factory=set)
    interval: float = 0.2
    browsers: dict[str, int] = field(default_factory=dict)  # name -> Chromium's main pid
    peak_rss: dict[str, float] = field(default_factory=dict)
    peak_pss: dict[str, float] = field(default_factory=dict)
    peak_uss: dict[str, float] = field(default_factory=dict)
    peak_table: dict[str, list[tuple[int, float, float, float, str]]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)  # set once `browsers` is complete

    def _sample(self) -> None:
        if not self.ready.is_set():
            return
        tree = children()

        def below(pid: int) -> list[int]:
            if pid in self.exclude:
                return []
            return [pid, *descendants(pid, tree=tree, skip=self.exclude.__contains__)]

        everything = below(self.root)
        browser_trees = {name: below(pid) for name, pid in self.browsers.items()}
        in_browsers = {pid for pids in browser_trees.values() for pid in pids}
        common = [pid for pid in everything if pid not in in_browsers]
        for name, pids in browser_trees.items():
            table = [(pid, _kb(f"/proc/{pid}/status", b"VmRSS:") / 1024, *_rollup(pid), _name(pid))
                     for pid in common + pids]
            rss, pss, uss = (sum(row[i] for row in table) for i in (1, 2, 3))
            if rss > self.peak_rss.get(name, 0):
                self.peak_rss[name], self.peak_table[name] = rss, table
            self.peak_pss[name] = max(self.peak_pss.get(name, 0), pss)
            self.peak_uss[name] = max(self.peak_uss.get(name, 0), uss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _new_browser(root: int, known: set[int]) -> int:
    """The pid of a Chromium main process started by Playwright's driver (a child of `root`) not in `known`."""
    tree = children()
    drivers = [pid for pid in tree.get(root, []) if _name(pid).startswith("node")]
    fresh = [pid for d in drivers for pid in tree.get(d, []) if _name(pid).startswith("chrom") and pid not in known]
    if len(fresh) != 1:
        raise SystemExit(f"cannot tell which Chromium was just started: {fresh}")
    return fresh[0]


def _count_posts(url: str) -> int:
    import json
    import urllib.request

    with urllib.request.urlopen(url + "/api/posts", timeout=30) as answer:
        return len(json.load(answer))


def start_sandbox(data: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "scheduler", "sandbox", "--port", "0", "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    prefix = "jadwal sandbox running at "
    if not line.startswith(prefix):
        proc.kill()
        raise SystemExit(f"the sandbox did not start: {line!r}")
    return proc, line.removeprefix(prefix)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=50, help="posts per path (default 50)")
    parser.add_argument("--batch", type=int, default=1, help="posts per turn before switching paths")
    parser.add_argument("--no-trace", action="store_true", help="jadwal path without Playwright tracing")
    parser.add_argument("--full-trace", action="store_true",
                        help="jadwal path tracing with screencast and DOM snapshots (as `jadwal publish` does)")
    parser.add_argument("--processes", action="store_true", help="print the process table at peak memory")
    args = parser.parse_args()
    logger.remove()
    logger.add(sys.stderr, level="WARNING")

    from playwright.sync_api import expect

    from scheduler.browser import account_page, find_chromium, launch_args, open_browser, save_storage_state
    from scheduler.plan.model import Account
    from scheduler.platforms.base import Credentials, Draft
    from scheduler.platforms.sandbox import SandboxAdapter

    work = Path(tempfile.mkdtemp(prefix="jadwal-bench-"))
    sandbox, url = start_sandbox(work / "site")
    account = Account("kopi", "sandbox", url, "kopisenja", work / "sessions" / "kopi.json", 0)
    adapter = SandboxAdapter(account)
    failures = work / "failures"
    timings = {"jadwal": 0.0, "minimal": 0.0}
    done = {"jadwal": 0, "minimal": 0}
    me = os.getpid()
    try:
        with MemorySampler(me, exclude={sandbox.pid}) as memory:
            with open_browser() as browser:  # jadwal's, exactly as the daemon opens it
                memory.browsers["jadwal"] = _new_browser(me, set())
                other = browser.browser_type.launch(  # the minimal script's, from the same driver
                    executable_path=str(find_chromium()), headless=True, args=launch_args()
                )
                memory.browsers["minimal"] = _new_browser(me, {memory.browsers["jadwal"]})
                memory.ready.set()
                with account_page(browser, account, failures_dir=failures, label="login",
                                  load_session=False, reuse=False) as page:
                    adapter.login(page, Credentials("kopisenja", "kopisenja"))
                    save_storage_state(page.context, account.session)  # type: ignore[arg-type]
                minimal_page = other.new_context(storage_state=str(account.session)).new_page()

                def jadwal_publish(n: int) -> None:
                    with account_page(browser, account, failures_dir=failures, label=f"bench-{n}",
                                      trace=not args.no_trace, trace_screenshots=args.full_trace,
                                      trace_snapshots=args.full_trace) as page:
                        adapter.publish(page, Draft(f"j{n}", f"jadwal post {n}"))

                def minimal_publish(n: int) -> None:
                    minimal_page.goto(url + "/compose")
                    minimal_page.get_by_label("Post text").fill(f"minimal post {n}")
                    minimal_page.get_by_test_id("post-submit").click()
                    expect(minimal_page.get_by_role("status")).to_have_text("Your post is live.")

                paths = {"jadwal": jadwal_publish, "minimal": minimal_publish}
                for publish in paths.values():  # warm-up, not counted
                    publish(-1)
                turn = 0
                while min(done.values()) < args.posts:
                    order = ("jadwal", "minimal") if turn % 2 == 0 else ("minimal", "jadwal")
                    for name in order:
                        count = min(args.batch, args.posts - done[name])
                        start = time.perf_counter()
                        for _ in range(count):
                            paths[name](done[name])
                            done[name] += 1
                        timings[name] += time.perf_counter() - start
                    turn += 1
                other.close()
        # footprint: jadwal alone, its own driver and browser, as the daemon runs it
        with MemorySampler(me, exclude={sandbox.pid}) as alone:
            with open_browser() as browser:
                alone.browsers["jadwal alone"] = _new_browser(me, set())
                alone.ready.set()
                for n in range(args.posts):
                    with account_page(browser, account, failures_dir=failures, label=f"alone-{n}",
                                      trace=not args.no_trace, trace_screenshots=args.full_trace,
                                      trace_snapshots=args.full_trace) as page:
                        adapter.publish(page, Draft(f"a{n}", f"jadwal alone post {n}"))
        posted = _count_posts(url)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)

    rate = {name: done[name] / timings[name] for name in timings}
    ratio = timings["jadwal"] / timings["minimal"]
    print(f"posts per path:        {args.posts} (turns of {args.batch}, alternating; then {args.posts} by jadwal "
          f"alone; {posted} posts on the site incl. 2 warm-up)")
    tracing = "off" if args.no_trace else "actions+network+screencast+snapshots" if args.full_trace else "actions+network"
    print(f"jadwal (adapter):      {rate['jadwal']:.2f} posts/s  ({timings['jadwal']:.1f} s, tracing {tracing})")
    print(f"minimal script:        {rate['minimal']:.2f} posts/s  ({timings['minimal']:.1f} s)")
    print(f"jadwal time / minimal: {ratio:.2f}x  (goal <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'})")
    print("peak memory of Python + Playwright's driver + the path's Chromium, summed over processes")
    print("(RSS counts shared pages once per process; PSS shares them out; USS is private memory only):")
    samplers = ((memory, "jadwal"), (memory, "minimal"), (alone, "jadwal alone"))
    for sampler, name in samplers:
        rss, pss, uss = (getattr(sampler, f"peak_{k}").get(name, 0) for k in ("rss", "pss", "uss"))
        shared = "one driver for both browsers" if sampler is memory else "own driver, like the daemon"
        verdict = ", ".join(f"{'met' if v < 400 else 'NOT met'} by {k}" for k, v in (("RSS", rss), ("PSS", pss), ("USS", uss)))
        print(f"  {name + ':':<14} RSS {rss:5.0f} MB, PSS {pss:4.0f} MB, USS {uss:4.0f} MB ({shared}); "
              f"goal < 400 MB: {verdict}")
    if args.processes:
        for sampler, name in samplers:
            table = sampler.peak_table.get(name, [])
            print(f"  at {name}'s peak:")
            for pid, rss, pss, uss, what in sorted(table, key=lambda row: -row[1]):
                print(f"    {pid:>8}  RSS {rss:5.0f} MB  PSS {pss:5.0f} MB  USS {uss:5.0f} MB  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
