"""Build `Plan` objects directly for rule tests, without TOML.

`make_plan()` with no arguments gives a small plan that passes every rule:
one account "ig" in Asia/Jakarta, 2026-12-01..07, two posts a day whose types
repeat every 7 days (so every 7-day window holds exactly the same mix). Tests
override one thing to break one rule. Posts are given as tuples
`(account, "2026-12-01 09:00" or an ISO datetime with offset, type[, id])`;
local times are localised like the loader does (DST gap -> "nonexistent",
fold -> "ambiguous").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler.plan.model import Account, Cadence, Engagement, Mix, Plan, Post, PostType, Target

PostSpec = tuple[Any, ...]

START = date(2026, 12, 1)
END = date(2026, 12, 7)

#: Line numbers the factory pretends keys sit on, so tests can assert where findings point.
LINES: dict[str, int] = {
    "plan": 1, "plan.name": 2, "plan.goal": 3, "plan.timezone": 4, "plan.start": 5, "plan.end": 6,
    "types": 20, "mix": 40, "mix.window_days": 41, "mix.max_selling": 42, "mix.max_consecutive_selling": 43,
    "cadence": 50, "cadence.min_per_day": 51, "cadence.max_per_day": 52, "cadence.min_gap": 53,
    "cadence.max_gap": 54, "cadence.min_tail_ratio": 55,
    "engagement": 60, "engagement.owner": 61, "engagement.check_every": 62, "engagement.reply_within": 63,
    "engagement.min_interactive": 64,
}
ACCOUNT_LINE = 10  # + index
TARGET_LINE = 70  # + index
POST_LINE = 100  # + 10 * index

TYPES: dict[str, PostType] = {
    "promo": PostType("promo", selling=True, line=21),
    "education": PostType("education", line=23),
    "humor": PostType("humor", line=25),
    "question": PostType("question", interactive=True, line=27),
}

#: 14 types for 7 days x 2 posts: promo 2/14, question 2/14, never two promos in a row.
WEEK = [
    "education", "humor", "question", "education", "promo", "humor", "education",
    "question", "humor", "education", "promo", "education", "humor", "education",
]


def daily(
    account: str = "ig",
    start: date = START,
    days: int = 7,
    times: Sequence[str] = ("09:00", "19:00"),
    pattern: Sequence[str] = WEEK,
) -> list[PostSpec]:
    """Posts at `times` every day for `days` days, types cycling through `pattern`."""
    specs: list[PostSpec] = []
    for d in range(days):
        for t in times:
            kind = pattern[len(specs) % len(pattern)]
            specs.append((account, f"{start + timedelta(days=d)} {t}", kind))
    return specs


def localize(text: str | datetime, tz: ZoneInfo | timezone) -> tuple[datetime, datetime, str]:
    """(aware at, naive local, at_kind) for a local or offset datetime, as the loader does."""
    given = text if isinstance(text, datetime) else datetime.fromisoformat(str(text))
    if given.tzinfo is not None:
        at = given.astimezone(tz)
        return at, at.replace(tzinfo=None), "offset"
    first, second = given.replace(tzinfo=tz, fold=0), given.replace(tzinfo=tz, fold=1)
    kind = "local"
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
        kind = "ambiguous" if back == given else "nonexistent"
    return first, given, kind


def make_post(spec: PostSpec, tz: ZoneInfo | timezone, line: int, folder: Path) -> list[Post]:
    account, at_text, kind, *rest = spec
    extra: dict[str, Any] = dict(rest[0]) if rest and isinstance(rest[0], dict) else {}
    post_id = rest[0] if rest and isinstance(rest[0], str) else extra.pop("id", None)
    at, local, at_kind = localize(at_text, tz)
    media = tuple(folder / m for m in extra.pop("media", ()))
    accounts = account if isinstance(account, (list, tuple)) else [account]
    return [
        Post(
            id=post_id or f"{acc}-{local:%Y%m%d-%H%M}", account=acc, at=at, local=local, type=kind,
            text=extra.get("text", "Halo!"), media=media, at_kind=at_kind,  # type: ignore[arg-type]
            line=extra.get("line", line), title=extra.get("title"), categories=tuple(extra.get("categories", ())),
            tags=tuple(extra.get("tags", ())),
        )
        for acc in accounts
    ]


def make_plan(
    posts: Iterable[PostSpec] | None = None,
    *,
    start: date | None = START,
    end: date | None = END,
    timezone_name: str = "Asia/Jakarta",
    accounts: Sequence[str] = ("ig",),
    types: dict[str, PostType] | None = None,
    mix: Mix | None = None,
    cadence: Cadence | None = None,
    engagement: Engagement | None = None,
    targets: list[Target] | None = None,
    goal: str = "Grow online orders through Instagram",
    folder: Path = Path("."),
    **overrides: Any,
) -> Plan:
    """A Plan from parts; defaults pass every rule. `posts=None` means `daily()`; [] none."""
    try:
        tz: ZoneInfo | timezone = ZoneInfo(timezone_name)
        valid = True
    except (ZoneInfoNotFoundError, ValueError, OSError):  # as the loader catches them
        tz, valid = timezone.utc, False
    specs = daily() if posts is None else list(posts)
    built = [p for i, spec in enumerate(specs) for p in make_post(spec, tz, POST_LINE + 10 * i, folder)]
    built.sort(key=lambda p: (p.at.timestamp(), p.account, p.id))
    lines = dict(LINES)
    for name, t in (TYPES if types is None else types).items():
        if t.line is not None:
            lines[f"types.{name}"] = t.line
    if targets is None:
        targets = [Target("followers", None, 1200, 1300, end or END, TARGET_LINE)]
    plan = Plan(
        path=folder / "plan.toml",
        name="Kopi Senja test",
        goal=goal,
        timezone=timezone_name,
        tz=tz,
        timezone_valid=valid,
        start=start,
        end=end,
        preset=None,
        accounts={
            a: Account(a, "sandbox", "http://127.0.0.1:8700", a, None, ACCOUNT_LINE + i)
            for i, a in enumerate(accounts)
        },
        types=dict(TYPES if types is None else types),
        mix=mix or Mix(line=40),
        cadence=cadence or Cadence(line=50),
        engagement=engagement or Engagement(
            owner="Rina", check_every=timedelta(minutes=30), reply_within=timedelta(hours=4), line=60
        ),
        targets=targets,
        posts=built,
        lines=lines,
    )
    for key, value in overrides.items():
        setattr(plan, key, value)
    return plan


def with_types(**changes: dict[str, Any]) -> dict[str, PostType]:
    """The default types with some fields changed, e.g. with_types(promo={"max": 0.2})."""
    types = dict(TYPES)
    for name, fields in changes.items():
        types[name] = replace(types.get(name, PostType(name, line=29)), **fields)
    return types


def by_rule(findings: Iterable[Any], rule: str) -> list[Any]:
    return [f for f in findings if f.rule == rule]
