#!/usr/bin/env python3
"""Past one machine (issue 16): how the work spreads over daemons sharing one PostgreSQL journal.

1. Throughput: posts a minute with 1, 2 and 4 daemons (`jadwal daemon --slots 1` each, real Chromium)
   against the sandbox answering every request about 1 s late, so the site and not this machine's
   cores is the bottleneck; the posts are spread over many accounts and all due at one moment.
   Scaling efficiency = throughput with N / (N × throughput with 1); the goal is at least 0.85 at 4.
2. Scheduling cost per due post in a plan of 100,000 posts over 1,000 accounts: the daemon's own
   pass (what is due, the claim, the account lock, pacing from the journal, the result) with a
   publisher that answers at once, on PostgreSQL next to SQLite in the same run.

    .venv/bin/python scripts/bench_scale.py [--posts 24] [--accounts 12] [--latency-ms 1000]
                                            [--daemons 1,2,4] [--plan-posts 100000] [--due 2000]

Starts its own throwaway PostgreSQL (scripts/postgres) and sandbox in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from daemon_helpers import JADWAL, DaemonProcess, SandboxProcess, wait_until  # noqa: E402
from postgres_server import new_database  # noqa: E402

UTC = timezone.utc


def plan_text(url: str, sessions: Path, accounts: list[str], posts: int, at: datetime, tag: str) -> str:
    day = at.date().isoformat()
    out = ["[plan]", f'name = "scale {tag}"', 'goal = "Measure how daemons share the work"', 'timezone = "UTC"',
           f"start = {day}", f"end = {day}", "", "[types.tips]", "[types.question]", "interactive = true", "",
           "[mix]", "window_days = 7", "", "[cadence]", "min_per_day = 1", "max_per_day = 20", 'min_gap = "1s"',
           'max_gap = "36h"', "", "[engagement]", 'owner = "Rina"', 'check_every = "24h"', 'reply_within = "4h"', "",
           "[[target]]", 'metric = "followers"', "baseline = 100", "goal = 101", f"by = {day}", ""]
    for account in accounts:
        out += ["[[account]]", f'id = "{account}"', 'platform = "sandbox"', f'url = "{url}"', f'handle = "{account}"',
                f'session = "{sessions / (account + ".json")}"', ""]
    for i in range(posts):
        account = accounts[i % len(accounts)]
        when = at + timedelta(seconds=2 * (i // len(accounts)))  # one account's posts 2 s apart (cadence)
        out += ["[[post]]", f'id = "{tag}-{i:03d}"', f'account = "{account}"',
                f"at = {when.strftime('%Y-%m-%dT%H:%M:%S')}Z",
                f'type = "{"question" if i < len(accounts) else "tips"}"', f'text = "{tag} {i:03d} dari {account}"', ""]
    return "\n".join(out)


def site_posts(url: str, tag: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/posts", timeout=30) as reply:
        return [p for p in json.load(reply) if p["text"].startswith(tag + " ")]


def login(plan: Path, account: str) -> None:
    env = dict(os.environ, JADWAL_TEST_PW=f"{account}-sandi")
    subprocess.run([*JADWAL, "login", str(plan), "--account", account, "--password-env", "JADWAL_TEST_PW"],
                   env=env, check=True, capture_output=True, timeout=300)


def throughput(folder: Path, server: str, args: argparse.Namespace) -> dict[int, float]:
    accounts = [f"toko{i:02d}" for i in range(args.accounts)]
    sandbox = SandboxProcess(folder / "site", *[a for name in accounts for a in ("--user", f"{name}:{name}-sandi")])
    results: dict[int, float] = {}
    try:
        sessions = folder / "sessions"
        plan = folder / "plan.toml"
        plan.write_text(plan_text(sandbox.url, sessions, accounts, len(accounts), datetime.now(UTC) + timedelta(days=1),
                                  "login"))
        print(f"logging in {len(accounts)} accounts ...", file=sys.stderr)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda a: login(plan, a), accounts))
        sandbox.admin("faults", {"latency_ms": args.latency_ms})  # from now on every request is that late
        for count in args.daemons:
            tag = f"SKALA{count}"
            at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=30)
            plan.write_text(plan_text(sandbox.url, sessions, accounts, args.posts, at, tag))
            env = dict(os.environ, JADWAL_STATE=new_database(server).secret, XDG_STATE_HOME=str(folder / "state"))
            daemons = [DaemonProcess(plan, None, folder / f"{tag}-{i}.log", "--slots", "1", env=env)
                       for i in range(count)]
            def published(t: str = tag, running: list[DaemonProcess] = daemons) -> bool:
                if any(d.proc.poll() is not None for d in running):
                    raise SystemExit("a daemon stopped:\n" + "\n".join(d.text()[-2000:] for d in running))
                return len(site_posts(sandbox.url, t)) >= args.posts

            try:
                wait_until(published, 1800, f"{args.posts} posts", interval=1.0, log=daemons[0].text)
            finally:
                for d in daemons:
                    d.stop(timeout=120)
            made = sorted(datetime.fromisoformat(p["created_at"].replace("Z", "+00:00"))
                          for p in site_posts(sandbox.url, tag))
            assert len(made) == args.posts, f"{len(made)} posts for {args.posts}"
            minutes = (made[-1] - at).total_seconds() / 60
            results[count] = args.posts / minutes
            print(f"{count} daemon(s): {args.posts} posts in {minutes * 60:.0f} s = {results[count]:.1f} posts/min",
                  file=sys.stderr)
    finally:
        sandbox.close()
    return results


class InstantSite:
    """A publisher that answers at once: what is left is the daemon's own scheduling."""

    active = True

    def warm(self) -> None: ...

    def close(self) -> None: ...

    def publish(self, account: object, post: object) -> object:
        from scheduler.platforms.base import PublishedRef

        return PublishedRef(post.id, f"http://site/p/{post.id}")  # type: ignore[attr-defined]

    def find(self, account: object, post: object, since: datetime) -> None:
        return None


def scheduling_cost(where: object, folder: Path, plan_posts: int, accounts: int, due: int
                    ) -> tuple[float, float, float]:
    """(seconds to load the plan into the journal, ms of the daemon's pass per due post, ms of a pass
    with nothing due)."""
    from daemon_helpers import model_plan

    from scheduler.runtime.clock import Clock
    from scheduler.runtime.daemon import Daemon, DaemonConfig
    from scheduler.runtime.journal import Journal

    names = [f"a{i:04d}" for i in range(accounts)]
    now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    # `due` posts due now (one per account in turn: --due at most the accounts), the rest over the next year
    posts = [(f"{names[i % accounts]}-{i:06d}", now if i < due else
              now + timedelta(minutes=10 + i * 5), f"teks {i}") for i in range(plan_posts)]
    plan = model_plan(posts, accounts=names, path=folder / "plan.toml")

    class Fixed(Clock):
        def now(self) -> datetime:
            return now

    with Journal(where) as journal:  # type: ignore[arg-type]
        started = time.perf_counter()
        config = DaemonConfig(plan_path=folder / "plan.toml", state_path=Path("."), failures_dir=folder / "f",
                              grace=timedelta(hours=1), pace=timedelta(0))
        daemon = Daemon(config, plan, journal, InstantSite(), clock=Fixed())  # type: ignore[arg-type]
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        daemon.step()
        spent = time.perf_counter() - started
        assert journal.counts()["published"] == due, journal.counts()
        started = time.perf_counter()
        daemon.step()
        idle = time.perf_counter() - started
    return loaded, spent / due * 1000, idle * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=24)
    parser.add_argument("--accounts", type=int, default=12)
    parser.add_argument("--latency-ms", type=int, default=1000)
    parser.add_argument("--daemons", default="1,2,4")
    parser.add_argument("--plan-posts", type=int, default=100_000)
    parser.add_argument("--plan-accounts", type=int, default=1000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    args.daemons = [int(n) for n in args.daemons.split(",")]
    from loguru import logger

    logger.remove()  # the daemons' own lines would drown the figures (the throughput daemons log to files)
    folder = Path(tempfile.mkdtemp(prefix="jadwal-scale-"))
    folder.chmod(0o755)
    pg = folder / "pg"
    server = subprocess.run([str(ROOT / "scripts" / "postgres"), "start", str(pg)], check=True, capture_output=True,
                            text=True).stdout.strip().splitlines()[-1]
    try:
        print(f"== scheduling cost: {args.plan_posts} posts over {args.plan_accounts} accounts, {args.due} due")
        for name, where in (("sqlite", folder / "cost.db"), ("postgresql", new_database(server))):
            loaded, per_post, idle = scheduling_cost(where, folder, args.plan_posts, args.plan_accounts, args.due)
            print(f"  {name:10s}: plan loaded into the journal in {loaded:.1f} s; "
                  f"{per_post:.2f} ms of scheduling per due post; a pass with nothing due {idle:.1f} ms", flush=True)
        if not args.skip_throughput:
            print(f"== throughput: {args.posts} posts over {args.accounts} accounts, the site {args.latency_ms} ms "
                  "late on every request")
            results = throughput(folder, server, args)
            one = results.get(1)
            for count, rate in results.items():
                efficiency = rate / (count * one) if one else float("nan")
                print(f"  {count} daemon(s): {rate:5.1f} posts/min, scaling efficiency {efficiency:.2f}")
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", str(pg)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
