"""What the replica benchmarks share (bench_instagram.py, bench_facebook.py): jadwal's adapter and a
minimal script publish in turns, in one Chromium, so neither gets a quieter machine; each post is
timed and its page loads counted by the sandbox."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scheduler.browser import account_page, close_account_pages, open_browser, save_storage_state
from scheduler.plan.model import Account
from scheduler.platforms.base import Credentials, Draft
from scheduler.sandbox.server import SandboxServer

#: who publishes: jadwal's adapter, and the hand-written script it is measured against
WHO = ("minimal", "jadwal")


def page_loads(srv: SandboxServer) -> int:
    """The replica's pages served since the last reset (not its scripts, styles and pictures)."""
    return sum(n for endpoint, n in srv.traffic()["pages"].items() if not endpoint.endswith((".static", ".media")))


def race(srv: SandboxServer, adapter: Any, account: Account, tmp: Path, posts: int, files: tuple[Path, ...],
         minimal_post: Callable[[Any, str], None]) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """`posts` posts each, the first in turn alternating; seconds and page loads per post, by who.

    Both use one session: the adapter logs in (user and password "kopisenja") in the minimal script's page.
    """
    times: dict[str, list[float]] = {who: [] for who in WHO}
    pages: dict[str, list[int]] = {who: [] for who in WHO}
    with open_browser() as browser:
        context = browser.new_context()
        context.set_default_timeout(30_000)
        minimal = context.new_page()
        adapter.login(minimal, Credentials("kopisenja", "kopisenja"))  # the same session for both
        save_storage_state(context, account.session)  # type: ignore[arg-type]
        for n in range(posts):
            for who in ("minimal", "jadwal") if n % 2 else ("jadwal", "minimal"):
                text = f"{who} {n}: kopi susu gula aren #kopisenja"
                srv.reset_traffic()
                started = time.perf_counter()
                if who == "minimal":
                    minimal_post(minimal, text)
                else:
                    with account_page(browser, account, failures_dir=tmp / "failures", label="bench") as page:
                        adapter.publish(page, Draft(f"b{n}", text, files))
                times[who].append(time.perf_counter() - started)
                pages[who].append(page_loads(srv))
        close_account_pages(browser)
    return times, pages


def report(posts: int, kind: str, times: dict[str, list[float]], pages: dict[str, list[int]]) -> None:
    print(f"{posts} posts each, {kind}, interleaved (median seconds per post; page loads per post)")
    for who in WHO:
        print(f"  {who:8} {statistics.median(times[who]):6.2f} s   {statistics.median(pages[who]):4.0f} pages")
    ratio = statistics.median(times["jadwal"]) / statistics.median(times["minimal"])
    print(f"  jadwal / minimal: {ratio:.2f}x the time")
