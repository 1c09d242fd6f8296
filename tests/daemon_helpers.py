"""Plans for the journal/daemon tests: in-memory models and small valid TOML files near "now"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from scheduler.plan.model import (
    Account,
    Cadence,
    Engagement,
    Mix,
    Plan,
    Post,
    PostType,
    Target,
)

UTC = timezone.utc


def model_plan(posts: Sequence[tuple[str, datetime, str]], *, accounts: Sequence[str] = ("ig",),
               min_gap: timedelta = timedelta(seconds=1), path: Path = Path("plan.toml")) -> Plan:
    """A Plan built directly from the model: posts are (id, at, text), account taken from the id's prefix
    when it names one (e.g. "fb-3"), else the first account."""
    accs = {a: Account(a, "sandbox", "http://127.0.0.1:1", a, None, 1) for a in accounts}
    built = []
    for post_id, at, text in posts:
        account = next((a for a in accounts if post_id.startswith(a + "-")), accounts[0])
        built.append(Post(post_id, account, at, at.replace(tzinfo=None), "tips", text))
    built.sort(key=lambda p: (p.at, p.account, p.id))
    days = [p.at.date() for p in built] or [datetime(2026, 12, 1).date()]
    return Plan(
        path=path, name="test", goal="grow", timezone="UTC", tz=UTC, timezone_valid=True,
        start=min(days), end=max(days), preset=None, accounts=accs,
        types={"tips": PostType("tips")}, mix=Mix(), cadence=Cadence(min_gap=min_gap),
        engagement=Engagement(owner="Rina"), targets=[], posts=built,
    )


def with_text(plan: Plan, post_id: str, text: str) -> Plan:
    return replace(plan, posts=[replace(p, text=text) if p.id == post_id else p for p in plan.posts])


def plan_toml(times: Sequence[datetime], *, url: str, session: Path, handle: str = "kopisenja",
              texts: Sequence[str] | None = None, ids: Sequence[str] | None = None,
              tag: str = "") -> str:
    """A valid one-account plan (every rule holds) with one post at each of `times` (aware, UTC).

    Every fifth post is interactive so R4's share holds; no selling type, so R3 holds;
    cadence allows posts seconds apart. Texts are unique (tag + index) so lookups can tell them apart.
    """
    times = sorted(times)
    days = sorted({t.astimezone(UTC).date() for t in times})
    ids = list(ids or [f"p{i:03d}" for i in range(len(times))])
    texts = list(texts or [f"Post {tag}{i:03d}: kopi susu gula aren hari ini" for i in range(len(times))])
    out = [
        "[plan]",
        'name = "daemon test"',
        'goal = "Check that the daemon publishes every post once"',
        'timezone = "UTC"',
        f"start = {days[0].isoformat()}",
        f"end = {days[-1].isoformat()}",
        "",
        "[[account]]",
        'id = "ig"',
        'platform = "sandbox"',
        f'url = "{url}"',
        f'handle = "{handle}"',
        f'session = "{session}"',
        "",
        "[types.tips]",
        "[types.question]",
        "interactive = true",
        "",
        "[mix]",
        "window_days = 7",
        "",
        "[cadence]",
        "min_per_day = 1",
        f"max_per_day = {max(len(times), 6)}",
        'min_gap = "1s"',
        'max_gap = "36h"',
        "",
        "[engagement]",
        'owner = "Rina"',
        'check_every = "30m"',
        'reply_within = "4h"',
        "",
        "[[target]]",
        'metric = "followers"',
        "baseline = 100",
        "goal = 101",
        f"by = {days[-1].isoformat()}",
        "",
    ]
    for i, (at, post_id, text) in enumerate(zip(times, ids, texts)):
        out += [
            "[[post]]",
            f'id = "{post_id}"',
            'account = "ig"',
            f"at = {at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}Z",
            f'type = "{"question" if i % 5 == 0 else "tips"}"',
            f'text = "{text}"',
            "",
        ]
    return "\n".join(out)
