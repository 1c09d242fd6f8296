#!/usr/bin/env python3
"""Helpers for `scripts/demo`: a "today" plan the daemon can publish within two minutes, and the
small steps that are awkward in bash (reading status JSON, a fan's comment through the site's form).

    demo_plan.py write SOURCE OUT [--offsets 20,50,80,110] [--now ISO]
        A copy of SOURCE (accounts, types, mix, engagement, targets kept) with a few of its posts
        re-timed to now + offsets seconds, in the plan's timezone, and the range set to the local
        day(s) they fall on. Every local day gets a question (types' min_per_day) and nothing
        selling, so R1-R5 hold even when the posts cross midnight; cadence.min_per_day is 1 and
        min_gap short so a day with a single post and posts 30 s apart are fine. The session path
        is rewritten relative to OUT so it is the file `jadwal login SOURCE` writes.
    demo_plan.py published < STATUS_JSON
        "PUBLISHED TOTAL" on the first line, then "ID URL" per published post (journal order).
    demo_plan.py comments < INBOX_JSON
        "COUNT FIRST_ID": how many comments wait for an answer, and the oldest one's id (or -).
    demo_plan.py fan-comment POST_URL TEXT [--user fan --password fan]
        Log in to the sandbox as a fan (its HTML login form), follow the post's author and
        comment under POST_URL.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import re
import sys
import tomllib
import urllib.parse
import urllib.request
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

#: the engagement check of the demo: often enough to see a fan's comment while the daemon runs
DEMO_CHECK_EVERY = "20s"
#: one post per account at most this often; shorter than the daemon's --pace (30 s) and the offsets' gaps
DEMO_MIN_GAP = "10s"


def toml_value(value: Any) -> str:
    """One TOML value of the kinds a plan holds (JSON string escapes are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def table(header: str, values: dict[str, Any]) -> list[str]:
    lines = [header]
    lines += [f"{key} = {toml_value(v)}" for key, v in values.items() if not isinstance(v, dict)]
    return [*lines, ""]


def pick_posts(source: dict[str, Any], slot_days: list[date]) -> list[dict[str, Any]]:
    """Posts for the slots: per local day one question first, then non-selling posts, in plan order."""
    types = source.get("types", {})
    posts = source.get("post", [])
    questions = [p for p in posts if types.get(p["type"], {}).get("interactive")]
    others = [p for p in posts if p not in questions and not types.get(p["type"], {}).get("selling")]
    chosen: list[dict[str, Any]] = []
    for day in sorted(set(slot_days)):
        count = slot_days.count(day)
        if not questions or len(others) < count - 1:
            raise SystemExit("error: the source plan has too few question / non-selling posts for the demo")
        group = [questions.pop(0), *(others.pop(0) for _ in range(count - 1))]
        chosen += sorted(group, key=posts.index)  # the plan's own order within the day
    return chosen


def prorated(target: dict[str, Any], source_start: date, start: date, end: date) -> dict[str, Any]:
    """The month's growth scaled to the demo's day(s), from zero (the demo's site is fresh) and due at
    their end (R2 wants a deadline in range): e.g. followers 1200 -> 1500 in December becomes 0 -> 10."""
    share = ((end - start).days + 1) / max(1, (target["by"] - source_start).days + 1)
    growth = max(1, math.ceil((target["goal"] - target["baseline"]) * min(1.0, share)))
    return dict(target, baseline=0, goal=growth, by=min(target["by"], end))


def write_plan(source_path: Path, out: Path, offsets: list[int], now: datetime | None) -> None:
    source = tomllib.loads(source_path.read_text(encoding="utf-8"))
    tz = ZoneInfo(source["plan"]["timezone"])
    start = (now or datetime.now(tz)).astimezone(tz).replace(microsecond=0)
    slots = [start + timedelta(seconds=s) for s in offsets]
    posts = pick_posts(source, [s.date() for s in slots])

    plan = dict(source["plan"], start=slots[0].date(), end=slots[-1].date(),
                name=f"{source['plan']['name']} (demo: today)")
    lines = [f"# Written by scripts/demo_plan.py from {source_path.name}: its first posts, re-timed to",
             "# the next two minutes. Check it with: jadwal validate THIS_FILE", ""]
    lines += table("[plan]", plan)
    for account in source.get("account", []):
        account = dict(account)
        if "session" in account:  # the same file `jadwal login SOURCE` writes, relative to OUT
            session = (source_path.parent / account["session"]).resolve()
            account["session"] = os.path.relpath(session, out.parent.resolve())
        lines += table("[[account]]", account)
    for name, spec in source.get("types", {}).items():
        lines += table(f"[types.{name}]", spec)
    lines += table("[mix]", source.get("mix", {}))
    lines += table("[cadence]", dict(source.get("cadence", {}), min_per_day=1, min_gap=DEMO_MIN_GAP))
    lines += table("[engagement]", dict(source.get("engagement", {}), check_every=DEMO_CHECK_EVERY))
    for target in source.get("target", []):
        lines += table("[[target]]", prorated(target, source["plan"]["start"], plan["start"], plan["end"]))
    for post, at in zip(posts, slots, strict=True):
        timed = {k: v for k, v in dict(post, at=at.replace(tzinfo=None)).items() if k != "media"}
        lines += table("[[post]]", timed)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    for post, at in zip(posts, slots, strict=True):
        print(f"    {at:%Y-%m-%d %H:%M:%S} {tz.key}  {post['id']:<16} {post['type']}")


def published() -> None:
    status = json.load(sys.stdin)
    rows = status["posts"]
    done = [r for r in rows if r["state"] == "published"]
    print(len(done), len(rows))
    for row in done:
        print(row["id"], row["url"])


def comments() -> None:
    data = json.load(sys.stdin)
    items = data["comments"]
    print(len(items), items[0]["id"] if items else "-")


def fan_comment(post_url: str, text: str, user: str, password: str) -> None:
    """Log in through the site's form (with its CSRF token) and post a comment, as a fan would."""
    parts = urllib.parse.urlsplit(post_url)
    site = f"{parts.scheme}://{parts.netloc}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def token(path: str) -> str:
        with opener.open(site + path, timeout=20) as resp:
            found = re.search(r'name="csrf_token" value="([^"]+)"', resp.read().decode())
        if found is None:
            raise SystemExit(f"error: no form on {site + path}")
        return found.group(1)

    def post(path: str, form: dict[str, str]) -> str:
        data = urllib.parse.urlencode(form).encode()
        with opener.open(site + path, data=data, timeout=20) as resp:
            return resp.geturl()

    landed = post("/login", {"csrf_token": token("/login"), "username": user, "password": password, "next": "/"})
    if "/login" in urllib.parse.urlsplit(landed).path:
        raise SystemExit(f"error: the sandbox refused the login of {user}")
    with opener.open(post_url, timeout=20) as resp:
        author = re.search(r'data-testid="post-author" href="/u/([^"]+)"', resp.read().decode())
    if author is not None:
        post(f"/u/{author.group(1)}/follow", {"csrf_token": token(f"/u/{author.group(1)}"), "action": "follow"})
        print(f"    {user} follows {site}/u/{author.group(1)}")
    landed = post(parts.path + "/comments", {"csrf_token": token(parts.path), "text": text})
    print(f"    {user} commented under {landed}: {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("source", type=Path)
    w.add_argument("out", type=Path)
    w.add_argument("--offsets", default="20,50,80,110", help="seconds from now, comma separated")
    w.add_argument("--now", type=datetime.fromisoformat, help="pretend it is this time (ISO 8601 with offset)")
    sub.add_parser("published")
    sub.add_parser("comments")
    c = sub.add_parser("fan-comment")
    c.add_argument("post_url")
    c.add_argument("text")
    c.add_argument("--user", default="fan")
    c.add_argument("--password", default="fan")
    args = parser.parse_args()
    try:
        if args.command == "write":
            write_plan(args.source, args.out, [int(s) for s in args.offsets.split(",")], args.now)
        elif args.command == "published":
            published()
        elif args.command == "comments":
            comments()
        else:
            fan_comment(args.post_url, args.text, args.user, args.password)
    except (OSError, ValueError, KeyError, tomllib.TOMLDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
