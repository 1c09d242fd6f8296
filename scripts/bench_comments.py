#!/usr/bin/env python3
"""How long a comment check takes: 20 published posts x 10 comments on the sandbox, real Chromium.

Runs the daemon's own check (`scheduler.comments.check.check_comments`, one
signed-in page per account, no trace) against an in-process sandbox on
127.0.0.1, several rounds, and prints each round and the median. The first
round stores every comment (inserts); later rounds find them known (upserts).
Browser start-up is shown apart: the daemon's checker starts Chromium for each check.

    .venv/bin/python scripts/bench_comments.py [--posts 20] [--comments 10] [--rounds 5] [--latency-ms 0]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.browser import open_browser  # noqa: E402
from scheduler.runtime.processes import descendants  # noqa: E402
from scheduler.runtime.clock import SystemClock  # noqa: E402
from scheduler.comments.check import check_comments  # noqa: E402
from scheduler.runtime.journal import Journal  # noqa: E402
from scheduler.sandbox.server import SandboxServer  # noqa: E402
from tests.engagement_site import USERS, build_site  # noqa: E402

UTC = timezone.utc


def browser_pss_mb() -> float:
    """Proportional set size (PSS: shared pages split fairly) of the Chromium processes below this one."""
    total = 0
    for pid in descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"chrom" not in f.read().split(b"\0")[0]:
                    continue
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--comments", type=int, default=10, help="comments under each post")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=int, default=0, help="sandbox latency per request")
    args = parser.parse_args()
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(Path(tmp) / "site", USERS) as srv:
        started = time.monotonic()
        with open_browser() as browser:
            launch = time.monotonic() - started
            site = build_site(Path(tmp), srv, browser, args.posts)
            for post_id in site.remote:
                for i in range(args.comments):
                    site.comment(post_id, "fan" if i % 2 else "fan2", f"komentar {i} di {post_id}")
            srv.set_faults(latency_ms=args.latency_ms)
            times: list[float] = []
            rss = 0.0
            for n in range(args.rounds):
                with Journal(site.state) as journal:
                    report = check_comments(journal, site.plan, browser, clock=SystemClock(),
                                            failures_dir=Path(tmp) / "failures")
                assert report.errors == [], report.errors
                assert report.comments == args.posts * args.comments, report
                times.append(report.seconds)
                rss = max(rss, browser_pss_mb())
                print(f"round {n + 1}: {report.posts} posts, {report.comments} comments in {report.seconds:.2f}s"
                      f" ({report.new} new)")
    print(f"\nChromium start-up (once per daemon check): {launch:.2f}s; its memory after a check: {rss:.0f} MB PSS")
    print(f"comment check of {args.posts} posts x {args.comments} comments"
          f"{f' at {args.latency_ms} ms latency' if args.latency_ms else ''}: median {statistics.median(times):.2f}s,"
          f" best {min(times):.2f}s, worst {max(times):.2f}s "
          f"({statistics.median(times) / args.posts * 1000:.0f} ms a post) on {datetime.now(UTC):%Y-%m-%d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
