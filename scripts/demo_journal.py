#!/usr/bin/env python3
"""Give the demo run a journal: the posts `jadwal publish` put on the site, found there again.

`scripts/demo` publishes a few posts by hand (`jadwal publish`), which keeps no
state; `jadwal report` reads the daemon's journal. This fills a fresh journal
the way the daemon would after a crash: the plan is synced, each published post
is claimed and then looked up on the site (`find_published`, the crash-recovery
path) and recorded with its real URL and time. A comment check
(`jadwal inbox --check`) can then add comments and the account's followers.

    .venv/bin/python scripts/demo_journal.py PLAN STATE POST_ID... [--failures DIR]
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from scheduler.browser_publisher import BrowserPublisher
from scheduler.clock import SystemClock
from scheduler.journal import Journal
from scheduler.plan import load_plan
from scheduler.publishing import account_for, find_post


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("state", type=Path)
    parser.add_argument("posts", nargs="+", metavar="POST_ID")
    parser.add_argument("--failures", type=Path, default=Path("var/failures"))
    parser.add_argument("--since", type=float, default=2.0, help="hours back to look for the posts")
    args = parser.parse_args()
    plan = load_plan(args.plan)
    clock = SystemClock()
    for leftover in (args.state, Path(f"{args.state}-wal"), Path(f"{args.state}-shm")):
        leftover.unlink(missing_ok=True)  # a fresh journal for each demo run
    publisher = BrowserPublisher(args.failures, plan=plan.path)
    found = 0
    try:
        with Journal(args.state) as journal:
            journal.sync(plan, clock.now())
            for post_id in args.posts:
                post = find_post(plan, post_id)
                journal.claim(post.id, clock.now())
                ref = publisher.find(account_for(plan, post), post, clock.now() - timedelta(hours=args.since))
                if ref is None:
                    journal.failed(post.id, clock.now(), "not found on the site after `jadwal publish`")
                    print(f"{post.id}: not found on the site")
                    continue
                journal.published(post.id, ref, clock.now(), how="found")
                found += 1
                print(f"{post.id}: {ref.url}")
    finally:
        publisher.close()
    print(f"journal {args.state}: {found} of {len(args.posts)} posts recorded as published")
    return 0 if found == len(args.posts) else 1


if __name__ == "__main__":
    sys.exit(main())
