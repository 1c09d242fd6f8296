"""From readings to figures: what each post earned, and what an account's posts add up to.

The definitions (the README says the same):

- **engagements** of a post: likes + comments + shares + saves, as far as its
  site shows them (WordPress: comments only).
- **audience**: reach where the site counts people, else views.
- **engagement rate**: engagements / audience.
- A post **counts** once it has a *settled* reading: the first one taken at least
  24 h after publishing. Posts are compared at the same age; a younger post has
  not had its day yet and a week-old reading would favour old posts.
- A **slot** is the local hour of the day a post went out (the plan's timezone).
- **Enough data**: a slot has it with at least `MIN_SLOT_POSTS` (3) counted
  posts; an account has it with at least `MIN_SLOTS` (3) such slots. Below
  that, jadwal says what is missing instead of suggesting anything.
- A slot is **far below** the best when its median engagements per post are
  less than `FAR_BELOW` (half) of the best slot's.

Slots are ranked by the *median* engagements per post, so one post that went
viral does not make its hour look like the best one.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.journal import Journal, PostReading
    from scheduler.plan.model import Plan

ENGAGEMENTS = ("likes", "comments", "shares", "saves")
AUDIENCE = ("reach", "views")  # the first one present
SETTLED = timedelta(hours=24)
MIN_SLOT_POSTS = 3
MIN_SLOTS = 3
FAR_BELOW = 0.5
#: the window of the R2 lines drawn from posts: reach and engagement rate of the last 7 days' posts
WINDOW = timedelta(days=7)


def engagements(values: dict[str, float]) -> float | None:
    present = [values[m] for m in ENGAGEMENTS if m in values]
    return sum(present) if present else None


def audience(values: dict[str, float]) -> float | None:
    return next((values[m] for m in AUDIENCE if m in values), None)


@dataclass(frozen=True, slots=True)
class PostFigure:
    """One published post and a reading of it."""

    post_id: str
    account: str
    type: str | None  # None: the post is no longer in the plan
    published: datetime  # in the plan's timezone
    values: dict[str, float]
    age: timedelta  # how long after publishing the reading was taken

    @property
    def hour(self) -> int:
        return self.published.hour

    @property
    def weekday(self) -> int:
        return self.published.weekday()

    @property
    def engagements(self) -> float | None:
        return engagements(self.values)

    @property
    def audience(self) -> float | None:
        return audience(self.values)

    @property
    def rate(self) -> float | None:
        seen, done = self.audience, self.engagements
        return done / seen if seen and done is not None else None

    def as_json(self) -> dict[str, object]:
        return {"post": self.post_id, "type": self.type, "published": self.published.isoformat(),
                "read_after_seconds": self.age.total_seconds(), "values": self.values,
                "engagements": self.engagements, "audience": self.audience, "engagement_rate": self.rate}


@dataclass(frozen=True, slots=True)
class Summary:
    """A group of counted posts: how many, and what they earned."""

    posts: int
    median: float | None  # engagements per post
    mean: float | None
    audience: float | None  # median audience per post
    rate: float | None  # all their engagements / all their audience

    def as_json(self) -> dict[str, object]:
        return {"posts": self.posts, "median_engagements": self.median, "mean_engagements": self.mean,
                "median_audience": self.audience, "engagement_rate": self.rate}


def summarize(posts: Sequence[PostFigure]) -> Summary:
    earned = [p.engagements for p in posts if p.engagements is not None]
    seen = [p.audience for p in posts if p.audience is not None]
    pooled = [(p.engagements, p.audience) for p in posts if p.engagements is not None and p.audience]
    total_seen = sum(a for _, a in pooled)
    return Summary(
        posts=len(posts),
        median=statistics.median(earned) if earned else None,
        mean=statistics.fmean(earned) if earned else None,
        audience=statistics.median(seen) if seen else None,
        rate=sum(e for e, _ in pooled) / total_seen if total_seen else None,
    )


@dataclass(slots=True)
class History:
    """One account's counted posts and what they say about its slots, days and types."""

    account: str
    posts: list[PostFigure]
    slots: dict[int, Summary] = field(default_factory=dict)  # local hour -> its posts
    heat: dict[tuple[int, int], Summary] = field(default_factory=dict)  # (weekday, hour) -> its posts
    types: dict[str, Summary] = field(default_factory=dict)  # post type -> its posts
    #: published posts not counted yet (no reading 24 h or more after publishing)
    waiting: int = 0

    @property
    def ranked(self) -> list[tuple[int, Summary]]:
        """Slots with enough data, best first (median engagements, then the earlier hour)."""
        enough = [(h, s) for h, s in self.slots.items() if s.posts >= MIN_SLOT_POSTS and s.median is not None]
        return sorted(enough, key=lambda item: (-(item[1].median or 0.0), item[0]))

    @property
    def enough(self) -> bool:
        return len(self.ranked) >= MIN_SLOTS

    @property
    def best(self) -> tuple[int, Summary] | None:
        ranked = self.ranked
        return ranked[0] if ranked and self.enough else None

    def far_below(self, hour: int) -> bool:
        """True when `hour` has enough data and earned less than FAR_BELOW of the best slot."""
        best = self.best
        slot = self.slots.get(hour)
        if best is None or slot is None or slot.posts < MIN_SLOT_POSTS or slot.median is None:
            return False
        return slot.median < FAR_BELOW * (best[1].median or 0.0)

    def as_json(self) -> dict[str, object]:
        best = self.best
        return {
            "account": self.account, "counted_posts": len(self.posts), "waiting_posts": self.waiting,
            "enough": self.enough, "best_hour": best[0] if best else None,
            "slots": [{"hour": h, **s.as_json(), "enough": s.posts >= MIN_SLOT_POSTS,
                       "far_below_best": self.far_below(h)} for h, s in sorted(self.slots.items())],
            "types": {t: s.as_json() for t, s in self.types.items()},
            "heatmap": [{"weekday": d, "hour": h, **s.as_json()} for (d, h), s in sorted(self.heat.items())],
            "posts": [p.as_json() for p in self.posts],
        }


def _settled(readings: Iterable[PostReading], published: datetime) -> PostReading | None:
    return next((r for r in readings if r.measured_at - published >= SETTLED), None)


def post_figures(plan: Plan, journal: Journal, now: datetime, *, settled: bool = True
                 ) -> dict[str, list[PostFigure]]:
    """Per account of the plan, its published posts with a reading taken by `now`, oldest first.

    `settled`: each post's settled reading (posts without one are left out); else its latest.
    """
    types = {p.id: p.type for p in plan.posts}
    readings = journal.post_readings(until=now)
    out: dict[str, list[PostFigure]] = {a: [] for a in plan.accounts}
    for row in journal.posts("published"):
        if row.account not in out or row.published_at is None or row.id not in readings:
            continue
        taken = readings[row.id]
        chosen = _settled(taken, row.published_at) if settled else taken[-1]
        if chosen is None:
            continue
        out[row.account].append(PostFigure(
            row.id, row.account, types.get(row.id), row.published_at.astimezone(plan.tz), chosen.values,
            chosen.measured_at - row.published_at))
    for figures in out.values():
        figures.sort(key=lambda f: (f.published, f.post_id))
    return out


def histories(plan: Plan, journal: Journal, now: datetime) -> dict[str, History]:
    """Per account of the plan: its counted posts by slot, by weekday and hour, and by type."""
    counted = post_figures(plan, journal, now)
    published: dict[str, int] = defaultdict(int)
    for row in journal.posts("published"):
        if row.published_at is not None and row.published_at <= now:
            published[row.account] += 1
    out = {}
    for account, posts in counted.items():
        usable = [p for p in posts if p.engagements is not None]
        history = History(account, usable, waiting=published[account] - len(posts))
        by_slot: dict[int, list[PostFigure]] = defaultdict(list)
        by_cell: dict[tuple[int, int], list[PostFigure]] = defaultdict(list)
        by_type: dict[str, list[PostFigure]] = defaultdict(list)
        for post in usable:
            by_slot[post.hour].append(post)
            by_cell[(post.weekday, post.hour)].append(post)
            by_type[post.type or "?"].append(post)
        history.slots = {h: summarize(p) for h, p in sorted(by_slot.items())}
        history.heat = {k: summarize(p) for k, p in sorted(by_cell.items())}
        order = list(plan.types)
        history.types = {t: summarize(by_type[t]) for t in sorted(
            by_type, key=lambda t: (order.index(t) if t in order else len(order), t))}
        out[account] = history
    return out


@dataclass(frozen=True, slots=True)
class Point:
    """One day of an R2 line drawn from posts: the value and how many posts it rests on."""

    day: date
    value: float
    posts: int


def post_line(plan: Plan, journal: Journal, now: datetime, metric: str, accounts: Sequence[str]) -> list[Point]:
    """`reach` or `engagement_rate` per day from the posts of the 7 days up to it (their latest readings).

    reach: the audience of those posts added up; engagement_rate: their engagements over that audience.
    A day has a point once its whole window lies within the account's history (no half week at the
    start) and every post of the window has its settled (24 h) reading: the line ends where the
    figures are complete, never with a dip made of posts that have not had their day yet.
    """
    if metric not in ("reach", "engagement_rate"):
        return []
    latest = post_figures(plan, journal, now, settled=False)
    settled = {p.post_id for a in accounts for p in post_figures(plan, journal, now).get(a, [])}
    posts = [p for a in accounts for p in latest.get(a, []) if p.audience is not None]
    if not posts:
        return []
    today = now.astimezone(plan.tz).date()
    span = timedelta(days=WINDOW.days - 1)
    day = min(p.published.date() for p in posts) + span
    last = min(today, plan.end) if plan.end else today
    points = []
    while day <= last:
        window = [p for p in posts if day - span <= p.published.date() <= day]
        seen = sum(p.audience or 0.0 for p in window)
        if window and seen and all(p.post_id in settled for p in window):
            if metric == "reach":
                points.append(Point(day, seen, len(window)))
            else:
                done = sum(p.engagements or 0.0 for p in window)
                points.append(Point(day, done / seen, len(window)))
        day += timedelta(days=1)
    return points
