"""The parsed plan: plain dataclasses, no behaviour beyond derived views.

The loader fills these from TOML; rules read them. Every element remembers the
line it came from so a finding can point at it. Values that are *wrong but
readable* (an undeclared account, an empty goal, an unknown timezone) are kept
as written: judging them is the rules' job, not the loader's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Literal

#: How a post's `at` was given and how it maps onto the plan's timezone.
#: "local": a local datetime that exists exactly once; "offset": given with an
#: offset and converted; "nonexistent": falls in a DST gap; "ambiguous": falls
#: in a DST fold (the first occurrence is used).
AtKind = Literal["local", "offset", "nonexistent", "ambiguous"]

METRICS = ("reach", "followers", "engagement_rate", "sales", "social_score")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    platform: str
    url: str
    handle: str
    session: Path | None  # resolved against the plan file's folder
    line: int
    #: folders (symlinks resolved) its posts may take media from besides the plan file's own:
    #: `[plan] media_folders`, then its own `media_folders` (see `scheduler.plan.media`)
    media_folders: tuple[Path, ...] = ()
    #: where the site's login page is when a security plugin moved it ("" for the platform's own)
    login_url: str = ""
    #: a persistent browser profile folder (instead of a session file), resolved like `session`
    profile: Path | None = None
    #: the plan's `packs` folder (user packs), copied onto each account so an adapter built
    #: from an account finds them
    packs: Path | None = None
    #: the numeric id of the Facebook Page the account posts to as the Page ("" elsewhere)
    page_id: str = ""


@dataclass(frozen=True, slots=True)
class PostType:
    name: str
    selling: bool = False
    interactive: bool = False
    min: float | None = None  # share bounds over each window
    max: float | None = None
    min_per_day: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Mix:
    window_days: int = 7
    max_selling: float = 0.2
    max_consecutive_selling: int = 2
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Cadence:
    min_per_day: int = 1
    max_per_day: int = 6
    min_gap: timedelta = timedelta(hours=1)
    max_gap: timedelta = timedelta(hours=36)
    min_tail_ratio: float = 0.8
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Engagement:
    owner: str | None = None
    check_every: timedelta | None = None
    reply_within: timedelta | None = None
    min_interactive: float = 0.1
    notify: tuple[str, ...] = ()
    line: int | None = None  # line of the [engagement] table, None when absent


def nearest_line(lines: dict[str, int], key: str, default: int | None = None) -> int | None:
    """Line of a dotted key path in `lines`, else of its nearest enclosing table or key, else `default`."""
    while key:
        line = lines.get(key)
        if line is not None:
            return line
        key = key.rpartition(".")[0]
    return default


#: Which way a target's metric should move from its baseline.
Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class Target:
    metric: str  # "" when missing (R2 reports it)
    account: str | None
    baseline: float | None  # None when missing (R2 reports it)
    goal: float | None
    by: date | None
    line: int
    direction: Direction = "up"  # "down" for metrics that should fall


@dataclass(slots=True)
class Post:
    """One post for one account. A `[[post]]` naming several accounts becomes several Posts.

    Not frozen: plans hold tens of thousands of these and frozen init is slower.
    Treat as read-only.
    """

    id: str
    account: str
    at: datetime  # aware, in the plan's timezone
    local: datetime  # naive local wall time as the plan's days count it
    type: str
    text: str
    media: tuple[Path, ...] = ()  # resolved against the plan file's folder
    title: str | None = None
    at_kind: AtKind = "local"
    line: int = 0  # line of the post's [[post]] header
    #: a description of each picture of `media` for readers who cannot see it, in the same order
    #: ("" where none is given; an empty tuple when the post gives none at all)
    alt: tuple[str, ...] = ()
    #: the picture shown above the post and in lists (where the platform has one): None for the
    #: first of `media`, False for none, else one of `media` (resolved like them)
    featured: Path | Literal[False] | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    excerpt: str | None = None  # a short summary shown in lists (where the platform has one)

    @property
    def day(self) -> date:
        """The local day the post counts toward."""
        return self.local.date()


@dataclass(slots=True)
class Plan:
    path: Path
    name: str
    goal: str  # "" when missing (R1 reports it)
    timezone: str  # as written; "" when missing
    tz: tzinfo  # the zone; UTC when `timezone` is not a valid IANA name (R1 reports it)
    timezone_valid: bool
    start: date | None
    end: date | None
    preset: str | None
    accounts: dict[str, Account]
    types: dict[str, PostType]
    mix: Mix
    cadence: Cadence
    engagement: Engagement
    targets: list[Target]
    posts: list[Post]  # sorted by (at, account, id)
    #: line of each dotted key path, e.g. "plan.goal" -> 3, "cadence" -> 20 (tables too)
    lines: dict[str, int] = field(default_factory=dict)
    #: `[plan] media_folders` (symlinks resolved): where every post may take media from besides the
    #: plan file's own folder (see `scheduler.plan.media`)
    media_folders: tuple[Path, ...] = ()
    #: the folder of the user's own platform packs (`plan.packs`), resolved against the plan's folder
    packs: Path | None = None

    @property
    def file(self) -> str:
        return str(self.path)

    def line_of(self, key: str, default: int | None = None) -> int | None:
        """Line of a key path like "plan.timezone"; falls back to its table, then `default`."""
        return nearest_line(self.lines, key, default)

    @property
    def days(self) -> list[date]:
        """Every local day of the plan's range (empty when the range is missing or reversed)."""
        if self.start is None or self.end is None or self.start > self.end:
            return []
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]
