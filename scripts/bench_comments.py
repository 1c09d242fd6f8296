#!/usr/bin/env python3
"""What one comment check costs for an agency: page loads and time, for 10 and 100 accounts, before and after.

Each account has posted three times a day (every 8 hours) for the last 14 days (42
posts the check looks back on). Between two checks, `--new` posts of each account got a fan's
comment (answered at once by the account, so no comment keeps its post "owed").
The daemon's own check (`scheduler.comments.check.check_comments`) runs in real
Chromium against an in-process sandbox on 127.0.0.1 that counts every page load:

- before: every recent post, every check (`every_post=True`, the old way);
- after, with the activity page: one visit per account, then only the posts it names;
- after, without one (the sandbox adapter's `activity` taken away): posts by age,
  the mean over `--age-checks` checks 30 minutes apart.

Each check gets fresh browser contexts, as the daemon's checker (a browser per
check) does; the follower count read per account is included (one profile load).
Sessions are written straight into the sandbox's database and posts are dated in
the past there; each post's numbers count as read so only comments are measured.

    .venv/bin/python scripts/bench_comments.py [--accounts 10,100] [--days 14] [--per-day 3] [--new 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.browser import close_account_pages, open_browser  # noqa: E402
from scheduler.clock import FakeClock  # noqa: E402
from scheduler.comments.check import CheckReport, check_comments  # noqa: E402
from scheduler.journal import Journal, private_file  # noqa: E402
from scheduler.plan import load_plan  # noqa: E402
from scheduler.plan.model import Plan  # noqa: E402
from scheduler.platforms.base import PublishedRef  # noqa: E402
from scheduler.platforms.sandbox import SandboxAdapter  # noqa: E402
from scheduler.sandbox import db  # noqa: E402
from scheduler.sandbox.server import SandboxServer  # noqa: E402

UTC = timezone.utc


def handles(n: int) -> list[str]:
    return [f"shop{i:03d}" for i in range(n)]


def setup(tmp: Path, srv: SandboxServer, n: int, days: int, per_day: int, now: datetime) -> tuple[Plan, Path]:
    """n accounts with sessions, `per_day` posts a day for `days` days on the site and in the journal."""
    conn = db.connect(srv.app.extensions["sandbox"].db_path)
    host = srv.url.split("//")[1].split(":")[0]
    out = ["[plan]", 'name = "bench"', 'goal = "measure"', 'timezone = "UTC"',
           f"start = {(now - timedelta(days=days)).date()}", f"end = {now.date()}", ""]
    for name in handles(n):
        db.set_user(conn, name, name)
        conn.commit()
        uid = db.user_by_name(conn, name)["id"]
        session = db.new_session(conn, uid, time.time())
        path = tmp / "sessions" / f"{name}.json"
        private_file(path)
        path.write_text(json.dumps({"cookies": [{
            "name": "sandbox_session", "value": session.token, "domain": host, "path": "/", "expires": -1,
            "httpOnly": True, "secure": False, "sameSite": "Lax"}], "origins": []}))
        out += ["[[account]]", f'id = "{name}"', 'platform = "sandbox"', f'url = "{srv.url}"',
                f'handle = "{name}"', f'session = "{path}"', ""]
    out += ["[types.tips]", "[engagement]", 'owner = "Rina"', 'check_every = "30m"', 'reply_within = "4h"', ""]
    gap = timedelta(days=1) / per_day  # evenly spread; the newest is one gap old
    times = [now - gap * k for k in range(days * per_day, 0, -1)]
    for name in handles(n):
        for at in times:
            out += ["[[post]]", f'id = "{name}-{at:%m%d%H%M}"', f'account = "{name}"',
                    f"at = {at:%Y-%m-%dT%H:%M:%S}Z", 'type = "tips"', f'text = "{name} {at:%m%d %H%M}"', ""]
    plan_path = tmp / "plan.toml"
    plan_path.write_text("\n".join(out), encoding="utf-8")
    plan = load_plan(plan_path)
    state = tmp / "state.db"
    with Journal(state) as journal:
        journal.sync(plan, now - timedelta(days=days + 1))
        uids = {name: db.user_by_name(conn, name)["id"] for name in handles(n)}
        for post in plan.posts:
            with conn:
                remote = conn.execute("INSERT INTO posts (author_id, text, created_at) VALUES (?, ?, ?)",
                                      (uids[post.account], post.text, post.at.isoformat())).lastrowid
            journal.claim(post.id, post.at)
            journal.published(post.id, PublishedRef(str(remote), f"{srv.url}/p/{remote}", post.at), post.at)
            # numbers read at every mark (the last, 7 days on): only comments are measured
            journal.record_post_reading(post.id, post.at + timedelta(days=7, minutes=1), {"likes": 0})
    conn.close()
    return plan, state


def new_comments(srv: SandboxServer, plan: Plan, state: Path, per_account: int, round_no: int) -> None:
    """`per_account` posts (of the last week) of each account get a fan's comment and the account's answer."""
    conn = db.connect(srv.app.extensions["sandbox"].db_path)
    fan = db.user_by_name(conn, "fan")["id"]
    with Journal(state) as journal:
        rows = journal.posts("published")
    by_account: dict[str, list[int]] = {}
    for row in rows:
        by_account.setdefault(row.account, []).append(int(row.remote_id or 0))
    for name, remotes in by_account.items():
        me = db.user_by_name(conn, name)["id"]
        for k in range(per_account):
            post = remotes[-1 - (round_no * 7 + k * 13) % (len(remotes) // 2)]  # of the last week
            asked = db.add_comment(conn, post, fan, f"tanya {round_no}-{k}", None)
            db.add_comment(conn, post, me, "jawab", asked)
    conn.close()


@contextmanager
def without_activity_page() -> Iterator[None]:
    """A site without an activity page: the sandbox adapter's `activity` taken away for the block."""
    method = SandboxAdapter.__dict__["activity"]
    delattr(SandboxAdapter, "activity")
    try:
        yield
    finally:
        SandboxAdapter.activity = method  # type: ignore[attr-defined]


def one_check(srv: SandboxServer, plan: Plan, state: Path, browser: object, clock: FakeClock,
              every_post: bool = False) -> tuple[CheckReport, int]:
    close_account_pages(browser)  # type: ignore[arg-type]  # fresh contexts, as the daemon's checker has
    srv.reset_traffic()
    with Journal(state) as journal:
        report = check_comments(journal, plan, browser, clock=clock, failures_dir=state.parent / "f",  # type: ignore[arg-type]
                                every_post=every_post)
    assert report.errors == [], report.errors[:3]
    clock.advance(timedelta(minutes=30))
    return report, srv.traffic()["total"]


def bench(n: int, args: argparse.Namespace) -> list[str]:
    lines = []
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as folder, SandboxServer(Path(folder) / "site", {"fan": "fan"}) as srv:
        tmp = Path(folder)
        started = time.monotonic()
        plan, state = setup(tmp, srv, n, args.days, args.per_day, now)
        posts = len(plan.posts)
        print(f"[{n} accounts] {posts} posts set up in {time.monotonic() - started:.0f}s", flush=True)
        clock = FakeClock(now)
        with open_browser() as browser:
            report, loads = one_check(srv, plan, state, browser, clock)  # the first: every post, once
            lines.append(f"{n:>4} accounts, {posts} posts  first check (no cursor yet): {loads} page loads, "
                         f"{report.seconds:.1f}s")
            new_comments(srv, plan, state, args.new, 0)
            after, after_loads = one_check(srv, plan, state, browser, clock)
            new_comments(srv, plan, state, args.new, 1)
            report, loads = one_check(srv, plan, state, browser, clock, every_post=True)
            lines.append(f"{'':>4}  before (every post, every check): {loads} page loads, {report.seconds:.1f}s")
            lines.append(f"{'':>4}  after, activity page: {after_loads} page loads, {after.seconds:.1f}s "
                         f"({after.posts} posts opened; "
                         f"{loads / max(after_loads, 1):.0f}x fewer loads, "
                         f"{report.seconds / max(after.seconds, 1e-9):.0f}x less time)")
            with without_activity_page():
                counts, seconds = [], []
                for round_no in range(args.age_checks):
                    new_comments(srv, plan, state, args.new, 2 + round_no)  # by age: read when due
                    report, loads = one_check(srv, plan, state, browser, clock)
                    counts.append(loads)
                    seconds.append(report.seconds)
            lines.append(f"{'':>4}  after, no activity page (by age, mean of {args.age_checks} checks 30 min apart): "
                         f"{statistics.fmean(counts):.0f} page loads (max {max(counts)}), "
                         f"{statistics.fmean(seconds):.1f}s")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", default="10,100", help="comma-separated account counts")
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--per-day", type=int, default=3, choices=(1, 2, 3))
    parser.add_argument("--new", type=int, default=1, help="posts per account with a new comment between checks")
    parser.add_argument("--age-checks", type=int, default=4)
    args = parser.parse_args()
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")
    lines = []
    for n in [int(x) for x in args.accounts.split(",")]:
        lines += bench(n, args)
    print(f"\none comment check, {args.per_day} posts a day for {args.days} days per account, {args.new} post(s) per "
          f"account with a new comment between checks, on {datetime.now(UTC):%Y-%m-%d}:")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
