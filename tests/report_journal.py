"""A journal with a realistic history, written through the journal's own API (no browser needed).

Used by the report tests and by anyone who wants to look at a report without
running the daemon for weeks: `fill(journal, plan, now)`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scheduler.comments import store
from scheduler.journal import Journal
from scheduler.plan.model import Plan
from scheduler.platforms.base import Comment, PublishedRef


def fill(journal: Journal, plan: Plan, now: datetime, *, failed: tuple[str, ...] = (),
         missed_day: int | None = None, site_reach: bool = True) -> None:
    """Publish every post due before `now`, except those in `failed` (failed) and those of the
    `missed_day`-th day of the plan (missed). Each published post gets two fan comments, the first
    answered after 1h30m (2h30m in later weeks), the second left open on odd days; followers grow by
    12 a day from the first target's baseline, and (`site_reach`) the site's own reach figure with them."""
    journal.sync(plan, plan.posts[0].at - timedelta(days=1))
    skip_day = plan.days[missed_day] if missed_day is not None else None
    for n, post in enumerate(p for p in plan.posts if p.at < now):
        if post.day == skip_day:
            continue
        assert journal.claim(post.id, post.at) is not None
        if post.id in failed:
            journal.failed(post.id, post.at + timedelta(minutes=5), "the site answered HTTP 500")
            continue
        ref = PublishedRef(remote_id=str(n), url=f"http://127.0.0.1:1/p/{n}", published_at=post.at)
        journal.published(post.id, ref, post.at)
        row = journal.get(post.id)
        assert row is not None
        handle = plan.accounts[post.account].handle
        wait = timedelta(hours=1, minutes=30) if post.day.day < 8 else timedelta(hours=2, minutes=30)
        asked = post.at + timedelta(minutes=20)
        comments = [
            Comment(f"{n}-a", "fan", "Mantap, kak! Buka sampai jam berapa?", None, asked, str(n)),
            Comment(f"{n}-b", "pelanggan", "Ada yang tanpa gula?", None, asked + timedelta(minutes=5), str(n)),
            Comment(f"{n}-r", handle, "Sampai jam 22.00 ya!", f"{n}-a", asked + wait, str(n)),
        ]
        if post.day.day % 2 == 0:
            comments.append(Comment(f"{n}-s", handle, "Ada, kopi susu oat!", f"{n}-b", asked + wait, str(n)))
        store.record(journal, row, handle, comments, post.at + timedelta(hours=3))
    if skip_day is not None:
        journal.mark_missed(datetime.combine(skip_day + timedelta(days=1), datetime.min.time(), plan.tz), now)
    baseline = plan.targets[0].baseline if plan.targets and plan.targets[0].baseline is not None else 100.0
    for account in plan.accounts:
        for i, day in enumerate(d for d in plan.days if datetime.combine(d, datetime.min.time(), plan.tz) < now):
            at = datetime.combine(day, datetime.min.time(), plan.tz) + timedelta(hours=21)
            if at <= now:
                values = {"followers": baseline + 12 * (i + 1)} | ({"reach": 9000 + 80 * i} if site_reach else {})
                journal.record_metrics(account, values, at)


#: what the fans of `fill_readings` do by local hour: evening posts earn most, midday ones least
HOUR_FACTOR = {19: 1.0, 20: 0.9, 21: 0.8, 8: 0.45, 9: 0.45, 12: 0.15, 13: 0.15}


def fill_readings(journal: Journal, plan: Plan, now: datetime, *, scale: float = 1.0,
                  factors: dict[int, float] | None = None) -> int:
    """Readings of each published post at 1 h, 24 h and 7 days (those due by `now`), its numbers set by the
    local hour it went out (`factors`, default `HOUR_FACTOR`; other hours 0.3) and a little noise seeded by
    the post id. Returns how many readings were written."""
    import random

    factors = HOUR_FACTOR if factors is None else factors
    written = 0
    for row in journal.posts("published"):
        if row.published_at is None:
            continue
        rng = random.Random(row.id)
        local = row.published_at.astimezone(plan.tz)
        factor = factors.get(local.hour, 0.3) * rng.uniform(0.85, 1.15) * scale
        views = 700 * factor + 150
        for share, age in ((0.4, timedelta(hours=1)), (0.9, timedelta(hours=24)), (1.0, timedelta(days=7))):
            at = row.published_at + age
            if at > now:
                break
            journal.record_post_reading(row.id, at, {
                "likes": round(120 * factor * share), "comments": round(14 * factor * share),
                "views": round(views * share)})
            written += 1
    return written
