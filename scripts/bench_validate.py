#!/usr/bin/env python3
"""How much validation costs next to bare TOML parsing, for plans of 1k, 10k and 30k posts.

Each plan has 10 accounts over one year (2026, Asia/Jakarta), posts evenly
spread per account, a realistic mix (20% promo, 20% questions, the rest
education and humour), Indonesian texts and a picture on every fifth post, and
settings that fit its density, so the plans are valid: the run measures the
normal path, not the error path. Prints, per size, the best of several runs of
`tomllib.loads` alone (on the text already read), of `load_plan` + `check_plan`
(full validation, from the file), their ratio (goal: <= 1.3 at 30k) and the two
parts of the full time. CPU time by default: on a shared machine elapsed time
mostly measures the neighbours.

    .venv/bin/python scripts/bench_validate.py [--runs 5] [--sizes 1000,10000,30000] [--clock wall]
"""

from __future__ import annotations

import argparse
import math
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from functools import partial
from datetime import datetime, timedelta
from pathlib import Path

from scheduler.plan import load_plan
from scheduler.rules.registry import check_plan, load_rules

ACCOUNTS = 10
START = datetime(2026, 1, 1, 0, 30)
DAYS = 365
#: 2 promo (never adjacent), 2 question, 6 education/humour per 10 posts.
PATTERN = ["promo", "education", "question", "humor", "education", "promo", "education", "question", "humor",
           "education"]
TEXTS = {
    "promo": "Promo hari ini: beli 2 kopi susu gula aren, gratis 1 croissant. Pesan lewat link di bio ya!",
    "education": "Tahukah kamu? Biji arabika Gayo kami disangrai medium supaya rasa cokelat dan karamelnya keluar.",
    "question": "Kamu tim kopi susu gula aren atau tim kopi hitam tanpa gula? Ceritakan di komentar!",
    "humor": "Kopi pertama pagi ini: mata terbuka 10%. Kopi kedua: baru bisa membaca chat grup kantor.",
}
MEDIA = 20  # distinct picture files, used by every fifth post
#: a JPEG's headers up to its first scan (1080x1080): what validation reads to know it is a picture
JPEG = (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xc0\x00\x0b\x08\x04\x38\x04\x38\x01\x01\x11\x00"
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + bytes(64) + b"\xff\xd9")


def plan_toml(posts: int) -> str:
    """A valid one-year plan of `posts` posts over 10 accounts, with settings fitted to its density."""
    per_account = posts // ACCOUNTS
    interval = (timedelta(days=DAYS) - timedelta(hours=2)) / per_account  # all inside the year
    per_day = per_account / DAYS
    window = max(7, math.ceil(17 / per_day))  # at least ~17 posts per window keeps every share in bounds
    daily = interval < timedelta(hours=24)
    lines = [
        "[plan]",
        'name = "Kopi Senja, 2026"',
        'goal = "Lebih banyak pesanan online lewat media sosial"',
        'timezone = "Asia/Jakarta"',
        "start = 2026-01-01",
        "end = 2026-12-31",
        "",
    ]
    for a in range(ACCOUNTS):
        lines += ["[[account]]", f'id = "acc{a}"', 'platform = "sandbox"', 'url = "http://127.0.0.1:8700"',
                  f'handle = "kopisenja{a}"', ""]
    lines += [
        "[types.promo]", "selling = true", "max = 0.25", "[types.education]", "min = 0.2", "[types.humor]",
        "[types.question]", "interactive = true", "",
        "[mix]", f"window_days = {window}", "max_selling = 0.25", "max_consecutive_selling = 1", "",
        "[cadence]", f"min_per_day = {1 if daily else 0}", f"max_per_day = {math.ceil(per_day) + 1}",
        'min_gap = "1h"', f'max_gap = "{36 if daily else math.ceil(interval / timedelta(hours=1)) + 3}h"',
        "min_tail_ratio = 0.8", "",
        "[engagement]", 'owner = "Rina"', 'check_every = "30m"', 'reply_within = "4h"', "min_interactive = 0.1", "",
        "[[target]]", 'metric = "followers"', "baseline = 1200", "goal = 3000", "by = 2026-12-31", "",
    ]
    for a in range(ACCOUNTS):
        first = START + timedelta(minutes=7 * a)
        for i in range(per_account):
            at = first + i * interval
            kind = PATTERN[i % len(PATTERN)]
            lines += [
                "[[post]]",
                f'id = "acc{a}-{i:05d}"',
                f'account = "acc{a}"',
                f"at = {at:%Y-%m-%dT%H:%M}:00",
                f'type = "{kind}"',
                f'text = "{TEXTS[kind]}"',
            ]
            if i % 5 == 0:
                lines.append(f'media = ["media/foto-{i % MEDIA:02d}.jpg"]')
            lines.append("")
    return "\n".join(lines)


def best(runs: int, work: Callable[[], object], clock: Callable[[], float]) -> float:
    times = []
    for _ in range(runs):
        began = clock()
        work()
        times.append(clock() - began)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the best is kept")
    parser.add_argument("--sizes", default="1000,10000,30000", help="post counts, comma-separated")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                        help="cpu: process CPU time, steady on a busy machine (default); wall: elapsed time")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"best of {args.runs} runs, {args.clock} time")
    load_rules()  # entry points are discovered once per process, not per validation
    print(f"{'posts':>6} {'bytes':>9} {'tomllib':>9} {'full':>9} {'ratio':>6} {'load':>9} {'rules':>9} findings")
    with tempfile.TemporaryDirectory(prefix="jadwal-bench-") as tmp:
        folder = Path(tmp)
        (folder / "media").mkdir()
        for m in range(MEDIA):
            (folder / "media" / f"foto-{m:02d}.jpg").write_bytes(JPEG)
        for size in (int(s) for s in args.sizes.split(",")):
            text = plan_toml(size)
            path = folder / f"plan-{size}.toml"
            path.write_text(text, encoding="utf-8")
            parse = best(args.runs, partial(tomllib.loads, text), clock)
            full = best(args.runs, lambda p=path: check_plan(load_plan(p)), clock)
            load = best(args.runs, partial(load_plan, path), clock)
            plan = load_plan(path)
            rules = best(args.runs, partial(check_plan, plan), clock)
            findings = check_plan(plan)
            print(f"{size:>6} {len(text.encode()):>9} {parse * 1000:>7.0f}ms {full * 1000:>7.0f}ms "
                  f"{full / parse:>6.2f} {load * 1000:>7.0f}ms {rules * 1000:>7.0f}ms {len(findings)}")
            for finding in findings[:3]:
                print(f"       {finding.rule} {finding.severity} line {finding.line}: {finding.message}")
    bare = best(args.runs, partial(child, [sys.executable, "-c", "pass"]), child_clock)
    helped = best(args.runs, partial(child, [sys.executable, "-m", "scheduler", "--help"]), child_clock)
    print(f"jadwal --help: {helped * 1000:.0f}ms CPU vs {bare * 1000:.0f}ms for a bare Python start "
          f"({helped / bare:.1f}x; goal: under 300ms)")
    return 0


def child(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, check=True)


def child_clock() -> float:
    """CPU time of finished child processes: steady on a busy machine, unlike elapsed time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
